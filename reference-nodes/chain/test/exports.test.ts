import { expect, it } from 'vitest'
import * as api from '../src/index.ts'

it('exports exactly the documented public surface', () => {
  expect(Object.keys(api).sort()).toEqual([
    'ChainNodeError',
    'GENESIS_ACCOUNTS',
    'GENESIS_CONTRACTS',
    'NODEOS_ERRORS',
    'NodeosApiError',
    'TX_REJECTED',
    'TxWrapperRejectedError',
    'UpstreamChainMismatchError',
    'cacheContractModule',
    'checkRawTransaction',
    'clearUndoLog',
    'createChainApi',
    'createDevChain',
    'createTxWrapper',
    'findPush0',
    'getTableByScope',
    'getTableRows',
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
