import { expect, it } from 'vitest'
import * as protocol from './index.ts'

it('exports exactly the documented public surface', () => {
  expect(Object.keys(protocol).sort()).toMatchSnapshot()
})
