import type { IncomingMessage } from 'node:http'
import { FrameTooLargeError } from '@spaceos/protocol'

/**
 * Reads a request body up to `limit` bytes. A declared `Content-Length` over the limit fails before anything is read;
 * a body that grows past it fails as soon as it does, so at most `limit` bytes are buffered. Either way the error is a
 * `FRAME_TOO_LARGE` {@link FrameTooLargeError} naming the limit (HTTP 413) [NP-ERR-034], and the caller must close the
 * connection after answering since the rest of the body was not read.
 *
 * @example
 * import { readBody } from '@spaceos/node-kit'
 * // inside a node:http handler
 * const bytes = await readBody(req, 65_536)
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = req.headers['content-length']
  if (declared !== undefined && Number(declared) > limit) {
    throw new FrameTooLargeError({
      field: 'body',
      limit,
      actual: Number(declared),
      details: { requirement: 'NP-ERR-034' },
    })
  }
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > limit) {
      throw new FrameTooLargeError({ field: 'body', limit, actual: size, details: { requirement: 'NP-ERR-034' } })
    }
    chunks.push(chunk as Buffer)
  }
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)
}
