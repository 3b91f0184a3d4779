/** Largest harness message accepted (64 MiB): a guard against a desynchronised stream, not a protocol limit. */
export const maxHarnessMessageBytes = 64 * 1024 * 1024

/** The harness stream carried a length prefix over {@link maxHarnessMessageBytes}. */
export class HarnessMessageTooLargeError extends Error {
  override name = 'HarnessMessageTooLargeError'
}

/**
 * Prefixes a message with its 4-byte big-endian length: the harness framing of `spaceos.conformance.v1`.
 *
 * @example
 * ```ts
 * import { frameMessage } from '@spaceos/conformance'
 * frameMessage(new Uint8Array([1, 2])) // 00 00 00 02 01 02
 * ```
 */
export function frameMessage(message: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + message.length)
  new DataView(out.buffer).setUint32(0, message.length, false)
  out.set(message, 4)
  return out
}

/**
 * Splits a byte stream into length-delimited messages. Feed chunks as they arrive; each complete message is
 * returned in order.
 *
 * @example
 * ```ts
 * import { createMessageReader } from '@spaceos/conformance'
 * const reader = createMessageReader()
 * process.stdin.on('data', (chunk) => { for (const message of reader.push(chunk)) handle(message) })
 * ```
 */
export function createMessageReader(maxBytes = maxHarnessMessageBytes) {
  let buffer = new Uint8Array(0)
  return {
    /** Appends a chunk; returns the messages completed by it. */
    push(chunk: Uint8Array): Uint8Array[] {
      const joined = new Uint8Array(buffer.length + chunk.length)
      joined.set(buffer, 0)
      joined.set(chunk, buffer.length)
      buffer = joined
      const messages: Uint8Array[] = []
      while (buffer.length >= 4) {
        const length = new DataView(buffer.buffer, buffer.byteOffset, 4).getUint32(0, false)
        if (length > maxBytes) throw new HarnessMessageTooLargeError(`harness message of ${length} bytes announced`)
        if (buffer.length < 4 + length) break
        messages.push(buffer.slice(4, 4 + length))
        buffer = buffer.slice(4 + length)
      }
      return messages
    },
    /** Bytes received that do not yet form a complete message. */
    get pending(): number {
      return buffer.length
    },
  }
}
