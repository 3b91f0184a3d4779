// Entry of the codec implementations in conformance/impl/: `node conformance/impl/<name>.mjs` serves one of them.
import { brokenCodecHandlers } from './brokenCodec.ts'
import { protocolCodecHandlers } from './protocolCodec.ts'
import { type CodecHandlers, serveCodec } from './serveCodec.ts'

const implementations: Record<string, CodecHandlers> = {
  'protocol-codec': protocolCodecHandlers,
  'broken-codec': brokenCodecHandlers,
}

/** Serves the named implementation on stdin/stdout until stdin closes. */
export async function serveImplementation(name: string): Promise<void> {
  const handlers = implementations[name]
  if (!handlers) throw new Error(`unknown codec implementation ${name}`)
  await serveCodec(handlers)
}
