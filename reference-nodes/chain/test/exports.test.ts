import { expect, it } from 'vitest'
import * as api from '../src/index.ts'

it('exports exactly the documented public surface', () => {
  expect(Object.keys(api).sort()).toEqual([
    'ACCOUNT_COUNCIL',
    'ChainNodeError',
    'GENESIS_ACCOUNTS',
    'GENESIS_CONTRACTS',
    'NODEOS_ERRORS',
    'NodeosApiError',
    'TX_REJECTED',
    'TxWrapperRejectedError',
    'UpstreamChainMismatchError',
    'bootstrapSystemContracts',
    'cacheContractModule',
    'checkRawTransaction',
    'clearUndoLog',
    'councilAuthority',
    'createChainApi',
    'createDevChain',
    'createTxWrapper',
    'findPush0',
    'getTableByScope',
    'getTableRows',
    'governableParams',
    'isContractModuleCached',
    'recoverKey',
    'startAnvil',
    'startChainApi',
    'startDevnet',
    'startTxWrapper',
    'toU64',
    'undoLogSize',
  ])
})
