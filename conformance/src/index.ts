export { CaseFailedError, CaseSkippedError, type ConformanceCase, defineCase, type Role, skipCase } from './case.ts'
export { type CoverageReport, computeCoverage, formatCoverage, type LevelCoverage } from './coverage.ts'
export {
  createMessageReader,
  frameMessage,
  HarnessMessageTooLargeError,
  maxHarnessMessageBytes,
} from './harness/lengthDelimited.ts'
export { type HarnessProcess, HarnessProcessError, startHarnessProcess } from './harness/subprocess.ts'
export { type KnownFailing, KnownFailingFileInvalidError, loadKnownFailing, parseKnownFailing } from './knownFailing.ts'
export {
  type CaseOutcome,
  type CaseResult,
  caseOutcomes,
  caseResultSchema,
  type RunReport,
  reproduceCommand,
  runReportSchema,
} from './report.ts'
export { formatHtml } from './reports/html.ts'
export { formatJunit } from './reports/junit.ts'
export { formatCaseLine, formatSummary } from './reports/terminal.ts'
export { type ReportFormat, reportFormats, writeReports } from './reports/writeReports.ts'
export {
  defaultRequirementsPath,
  loadRequirements,
  parseRequirements,
  type Requirement,
  type RequirementLevel,
  RequirementsIndexInvalidError,
  requirementLevels,
} from './requirements.ts'
export { requirementRoleOverrides, requirementRoleTable, roleOfRequirement } from './roles.ts'
export { CaseNotFoundError, type RunSuiteOptions, runSuite } from './runSuite.ts'
export {
  type ConformanceSuite,
  defineSuite,
  type OpenSessionOptions,
  type SuiteSession,
  type TargetKind,
} from './suite.ts'
export {
  type ChainContext as ChainSuiteContext,
  type ChainSuiteOptions,
  type ChainTarget,
  type ChainTargetFile,
  ChainTargetInvalidError,
  chainCases,
  chainTargetFileSchema,
  createChainSuite,
  loadChainTargetFile,
  parseAccountFlag,
  parseContractFlag,
} from './suites/chain/index.ts'
export { type CodecAnswer, type CodecClient, createCodecClient, errorCodeName } from './suites/codec/client.ts'
export { type CodecSuiteOptions, createCodecSuite } from './suites/codec/index.ts'
export {
  type BytesSpec,
  bytesSpecSchema,
  type DecodeVector,
  type DeviceProofVector,
  decodeVectorSchema,
  defaultVectorsDir,
  deviceProofVectorSchema,
  frameBytes,
  fromHex,
  loadVectors,
  type MemoryOpVector,
  memoryOpVectorSchema,
  type PrivateOpVector,
  privateOpVectorSchema,
  specBytes,
  subprotocols,
  toHex,
  type Vector,
  VectorFileInvalidError,
  vectorFileSchema,
  vectorSchema,
} from './suites/codec/vectors.ts'
export {
  createIdentitySuite,
  type IdentityContext as IdentitySuiteContext,
  type IdentitySuiteOptions,
} from './suites/identity/index.ts'
export { getSuite, SuiteNotFoundError, type SuiteOptions, suiteFactories, suiteRoles } from './suites/index.ts'
export {
  createKisSuite,
  findKeyMaterial,
  type KisContext as KisSuiteContext,
  type KisCredential,
  type KisSuiteOptions,
  KisSuiteSetupError,
} from './suites/kis/index.ts'
