export { type Anvil, parseDevAccounts, type StartAnvilOptions, startAnvil } from './anvil.ts'
export { type LocalNetwork, type LocalNetworkOptions, startLocalNetwork } from './network.ts'
