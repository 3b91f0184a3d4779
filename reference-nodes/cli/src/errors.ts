/** Thrown when the Antelope contracts the devnet deploys could not be compiled: what failed and the build's last lines. */
export class ContractsBuildError extends Error {
  readonly code = 'CONTRACTS_BUILD_FAILED'
  constructor(
    readonly contractsDir: string,
    /** Accounts still without a compiled build afterwards. */
    readonly missing: string[],
    /** The last lines the build printed. */
    readonly output: string,
  ) {
    super(
      `could not compile the Antelope contracts in ${contractsDir} (still missing: ${missing.join(', ')}); ` +
        `run \`npm run build -w @spaceos/contracts-antelope\` to see why.\n${output}`,
    )
    this.name = 'ContractsBuildError'
  }
}
