import { join } from 'node:path'

export const packageRoot = join(import.meta.dirname, '..')
export const repoRoot = join(packageRoot, '..')
/** Command lines of the two codec implementations shipped in conformance/impl. */
export const protocolCodecTarget = `node ${join(packageRoot, 'impl', 'protocol-codec.mjs')}`
export const brokenCodecTarget = `node ${join(packageRoot, 'impl', 'broken-codec.mjs')}`
/** The codec cases `@spaceos/protocol` is known to fail: the SDK keeps its own list, as each reference node does. */
export const knownFailingProtocolCodec = join(repoRoot, 'sdk', 'protocol', 'conformance-known-failing.txt')
export const binPath = join(packageRoot, 'bin', 'spaceos-conformance.mjs')
