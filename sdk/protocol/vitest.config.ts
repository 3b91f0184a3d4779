import { spaceosProject } from '../../vitest.shared.ts'

export default spaceosProject('protocol')
