export { type LocalNetwork, type LocalNetworkOptions, startLocalNetwork } from './network.ts'
export { type RoleProcess, type StartRoleProcessOptions, startRoleProcess } from './roleProcess.ts'
