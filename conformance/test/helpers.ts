import { join } from 'node:path'

export const packageRoot = join(import.meta.dirname, '..')
export const repoRoot = join(packageRoot, '..')
/** Command lines of the two codec implementations shipped in conformance/impl. */
export const protocolCodecTarget = `node ${join(packageRoot, 'impl', 'protocol-codec.mjs')}`
export const brokenCodecTarget = `node ${join(packageRoot, 'impl', 'broken-codec.mjs')}`
export const knownFailingProtocolCodec = join(packageRoot, 'known-failing', 'protocol-codec.txt')
export const binPath = join(packageRoot, 'bin', 'spaceos-conformance.mjs')
