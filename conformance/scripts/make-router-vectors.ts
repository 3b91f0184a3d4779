// Regenerates spec/vectors/router/ (run: npm run vectors:make:router). The output is committed; the test
// conformance/test/routerVectors.test.ts fails when the committed files differ from what this produces.
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildRouterVectors, renderRouterVector } from '../src/vectors/buildRouterVectors.ts'

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'spec', 'vectors', 'router')
await mkdir(dir, { recursive: true })
for (const file of await buildRouterVectors()) {
  await writeFile(join(dir, file.name), renderRouterVector(file.content))
  console.log(`spec/vectors/router/${file.name}`)
}
