export {
  defaultContractsDir,
  type EnsureContractsBuiltOptions,
  type EnsureContractsBuiltReturnType,
  ensureContractsBuilt,
} from './ensureContractsBuilt.ts'
export { ContractsBuildError } from './errors.ts'
export { missingContractBuilds } from './missingContractBuilds.ts'
export { type LocalNetwork, type LocalNetworkOptions, startLocalNetwork } from './network.ts'
export { type RoleProcess, type StartRoleProcessOptions, startRoleProcess } from './roleProcess.ts'
