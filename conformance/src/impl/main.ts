// Entry of the codec implementations in conformance/impl/: `node conformance/impl/<name>.mjs` serves one of them.
import { brokenCodecHandlers } from './brokenCodec.ts'
import { protocolCodecHandlers } from './protocolCodec.ts'
import { type CodecHandlers, serveCodec } from './serveCodec.ts'

const implementations: Record<string, CodecHandlers> = {
  'protocol-codec': protocolCodecHandlers,
  'broken-codec': brokenCodecHandlers,
  // Test fixture: the reference codec, except that frames it rejects surface as an untyped exception (INTERNAL).
  'untyped-errors': {
    ...protocolCodecHandlers,
    decode(subprotocol, frame) {
      try {
        return protocolCodecHandlers.decode(subprotocol, frame)
      } catch {
        throw new TypeError('cannot read properties of undefined')
      }
    },
  },
}

/** Serves the named implementation on stdin/stdout until stdin closes. */
export async function serveImplementation(name: string): Promise<void> {
  const handlers = implementations[name]
  if (!handlers) throw new Error(`unknown codec implementation ${name}`)
  await serveCodec(handlers)
}
