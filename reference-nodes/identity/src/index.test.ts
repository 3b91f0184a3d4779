import { expect, it } from 'vitest'
import * as identityNode from './index.ts'

it('exports exactly the documented surface', () => {
  expect(Object.keys(identityNode).sort()).toMatchSnapshot()
})
