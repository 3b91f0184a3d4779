/** Private build folder of `abi:check` and its test, so they never race the contracts' own `forge test`. */
export const checkBuildDir = 'node_modules/.cache/spaceos-evm-abi-check'
