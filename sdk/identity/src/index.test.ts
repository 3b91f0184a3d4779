import { expect, it } from 'vitest'
import * as identity from './index.ts'

it('exports exactly the documented surface', () => {
  expect(Object.keys(identity).sort()).toMatchSnapshot()
})
