import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { GenerateStep } from '../context.ts'

const run = promisify(execFile)

/** Path of the buf CLI installed by the npm package `@bufbuild/buf` (a dependency of @spaceos/codegen). */
export const bufBin = (root: string) => join(root, 'node_modules', '.bin', 'buf')

/**
 * proto/ → protobuf-es v2 TypeScript under generated/src/proto (one `*_pb.ts` per `.proto`), via `buf generate`
 * with `proto/buf.gen.yaml` and the local plugin `@bufbuild/protoc-gen-es`. The template cleans the output folder
 * first, so deleted protos leave no stale files. Every file starts with protoc-gen-es's `@generated` header naming
 * the generator and the source `.proto`.
 */
export const step: GenerateStep = {
  name: 'proto',
  outputs: ['generated/src/proto'],
  async run({ root }) {
    await run(bufBin(root), ['generate', 'proto', '--template', 'proto/buf.gen.yaml'], { cwd: root })
  },
}
