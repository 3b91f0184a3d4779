import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'

const actions = fileURLToPath(new URL('../src/actions/', import.meta.url))

it('has a test file beside every action, named after it', () => {
  const files = readdirSync(actions, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'))
  const sources = files.filter((file) => !/\.test(-d)?\.ts$/.test(file))
  expect(sources.length).toBeGreaterThan(20)
  const missing = sources.filter((file) => !files.includes(file.replace(/\.ts$/, '.test.ts')))
  expect(missing).toEqual([])
})
