// Regenerates the golden vectors in spec/vectors/ (run: npm run vectors:make). The output is committed; the test
// conformance/test/vectors.test.ts fails when the committed files differ from what this produces.
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildGoldenVectors, renderVectorFile } from '../src/vectors/buildVectors.ts'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const { files, devKey } = buildGoldenVectors()
await mkdir(join(root, 'spec/vectors/codec'), { recursive: true })
for (const file of files) {
  await writeFile(join(root, 'spec/vectors/codec', file.name), renderVectorFile(file))
  console.log(`spec/vectors/codec/${file.name}: ${file.vectors.length} vectors`)
}
await writeFile(join(root, 'spec/vectors/dev-key.json'), `${JSON.stringify(devKey, null, 2)}\n`)
console.log('spec/vectors/dev-key.json')
