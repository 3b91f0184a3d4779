import { startHarnessProcess } from '../../harness/subprocess.ts'
import { defineSuite } from '../../suite.ts'
import { codecCases } from './cases.ts'
import { type CodecClient, createCodecClient } from './client.ts'
import { robustnessCases } from './robustness.ts'
import { defaultVectorsDir, loadVectors, VectorFileInvalidError } from './vectors.ts'

export type CodecSuiteOptions = {
  /** Folder of golden-vector JSON files. Default: spec/vectors/codec of the checkout (or the packaged copy). */
  vectorsDir?: string
}

/**
 * The `codec` suite: feeds every golden vector to an implementation spawned as a subprocess speaking the
 * length-delimited harness protocol of proto/spaceos/conformance/v1/codec.proto.
 *
 * @example
 * ```ts
 * import { createCodecSuite, runSuite } from '@spaceos/conformance'
 * const report = await runSuite(createCodecSuite(), { target: 'node conformance/impl/protocol-codec.mjs' })
 * ```
 */
export function createCodecSuite(options: CodecSuiteOptions = {}) {
  const dir = options.vectorsDir ?? defaultVectorsDir()
  if (dir === undefined) {
    throw new VectorFileInvalidError('no golden vectors found: pass --vectors <dir> (spec/vectors/codec of a checkout)')
  }
  return defineSuite<CodecClient>({
    role: 'codec',
    title: 'Envelope codec, memory-op signatures and error codes over the golden vectors',
    targetKind: 'command',
    targetHelp: 'a command line that starts the implementation (it speaks codec.proto over stdin/stdout)',
    cases: (() => {
      const vectors = loadVectors(dir)
      return [...codecCases(vectors), ...robustnessCases(vectors)]
    })(),
    async open(target, { timeoutMs, log }) {
      const harness = startHarnessProcess(target, { timeoutMs, log })
      return { context: createCodecClient(harness), broken: harness.broken, close: harness.close }
    },
  })
}
