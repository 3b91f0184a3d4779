// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.19;

import {SpaceAccess} from "../common/SpaceAccess.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/security/ReentrancyGuard.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SpaceParameters} from "spaceos-params/SpaceParameters.sol";

/// @title SpaceInsurance — dead man's switch with optional pool coverage (white paper §10.2)
/// @notice An owner names a beneficiary, an inactivity timeout (30 days to 10 years) and optionally 3-of-N guardians
///         and pool coverage. The owner proves life with `ping` (every owner action counts). When the timeout has
///         passed since the last proof of life, or when `INSURANCE_GUARDIAN_THRESHOLD` guardians approved an override,
///         the beneficiary claims.
/// @dev What a policy protects: the owner's balances of up to `INSURANCE_MAX_PROTECTED_ASSETS` ERC-20 tokens, through
///      allowances the owner grants this contract (`approve(insurance, amount)`). On claim, each token moves
///      `min(allowance, balance)` from the owner to the beneficiary; a token that reverts is skipped with an event so
///      it cannot block the claim. Funds never sit in this contract until the claim (base coverage is free).
///      Pool coverage: the owner buys `coverage` for a one-time premium of `INSURANCE_PREMIUM_BPS` of it (rounded up)
///      paid in `premiumToken` into the pool; the pool also takes contributions from the pool manager. On claim the
///      beneficiary receives `min(coverage, poolBalance)`. Premiums are not refunded (cancellation forfeits coverage).
///      Pool money leaves only through payouts, so `premiumToken.balanceOf(this) >= poolBalance` always holds.
///      Guardian approvals count per proof-of-life round: a ping discards pending approvals. Once the threshold is
///      reached the policy is `Triggered`; that is final (no ping or cancel), and the beneficiary may claim at once.
contract SpaceInsurance is SpaceAccess, ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @notice Role that contributes to the coverage pool.
    bytes32 public constant POOL_MANAGER_ROLE = keccak256("POOL_MANAGER_ROLE");

    /// @notice Shortest inactivity timeout (30 days).
    uint256 public constant MIN_TIMEOUT = SpaceParameters.INSURANCE_MIN_TIMEOUT_S;
    /// @notice Longest inactivity timeout (10 years).
    uint256 public constant MAX_TIMEOUT = SpaceParameters.INSURANCE_MAX_TIMEOUT_S;
    /// @notice Guardian approvals needed for an override (3 of N).
    uint256 public constant GUARDIAN_THRESHOLD = SpaceParameters.INSURANCE_GUARDIAN_THRESHOLD;
    /// @notice Largest guardian set.
    uint256 public constant MAX_GUARDIANS = SpaceParameters.INSURANCE_MAX_GUARDIANS;
    /// @notice Most protected tokens per policy.
    uint256 public constant MAX_PROTECTED_ASSETS = SpaceParameters.INSURANCE_MAX_PROTECTED_ASSETS;
    /// @notice Premium as a share of the coverage bought, in bps.
    uint256 public constant PREMIUM_BPS = SpaceParameters.INSURANCE_PREMIUM_BPS;
    /// @notice Basis-point denominator.
    uint256 public constant BPS_DENOMINATOR = SpaceParameters.BPS_DENOMINATOR;

    /// @notice Life cycle of a policy.
    enum Status {
        None,
        Active,
        Triggered,
        Claimed,
        Cancelled
    }

    /// @notice How a claim was unlocked.
    enum ClaimTrigger {
        Timeout,
        GuardianOverride
    }

    /// @notice A policy (one active policy per owner).
    struct Policy {
        address owner;
        address beneficiary;
        uint64 timeout;
        uint64 lastProofOfLife;
        Status status;
        uint32 round;
        uint32 approvals;
        uint256 coverage;
        address[] guardians;
        address[] assets;
    }

    /// @notice Token premiums and payouts are paid in (e.g. USD.s).
    IERC20 public immutable premiumToken;
    /// @notice Money available for payouts.
    uint256 public poolBalance;
    /// @notice Sum of the coverage of all active and triggered policies.
    uint256 public outstandingCoverage;
    /// @notice Number of policies ever created; ids start at 1.
    uint256 public policyCount;
    /// @notice The active (or triggered) policy id of an owner, 0 when none.
    mapping(address owner => uint256) public activePolicyOf;

    mapping(uint256 id => Policy) private _policies;
    mapping(uint256 id => mapping(address guardian => bool)) private _isGuardian;
    mapping(uint256 id => mapping(uint256 round => mapping(address guardian => bool))) private _approved;

    /// @notice The owner already has an active policy.
    error InsurancePolicyExists(uint256 id);
    /// @notice No policy with this id, or the caller has no active policy.
    error InsurancePolicyNotFound();
    /// @notice The policy is not in the status this action needs.
    error InsuranceInvalidStatus(Status status);
    /// @notice The beneficiary is zero, the owner, or a guardian.
    error InsuranceInvalidBeneficiary(address beneficiary);
    /// @notice The timeout lies outside [MIN_TIMEOUT, MAX_TIMEOUT].
    error InsuranceInvalidTimeout(uint256 timeout);
    /// @notice The guardian set is not empty and has fewer than the threshold or more than MAX_GUARDIANS members.
    error InsuranceInvalidGuardianCount(uint256 count);
    /// @notice A guardian is zero, the owner, the beneficiary or listed twice.
    error InsuranceInvalidGuardian(address guardian);
    /// @notice More than MAX_PROTECTED_ASSETS tokens.
    error InsuranceTooManyAssets(uint256 count);
    /// @notice A protected token is zero or listed twice.
    error InsuranceInvalidAsset(address asset);
    /// @notice The caller is not a guardian of the policy.
    error InsuranceNotGuardian(address caller);
    /// @notice The guardian already approved in this round.
    error InsuranceAlreadyApproved(address guardian);
    /// @notice The guardian has no approval to withdraw in this round.
    error InsuranceNotApproved(address guardian);
    /// @notice The caller is not the beneficiary.
    error InsuranceNotBeneficiary(address caller);
    /// @notice The inactivity timeout has not passed yet.
    error InsuranceTimeoutNotReached(uint256 claimableAt);

    /// @notice A policy was created.
    /// @param id The policy id.
    /// @param owner The insured owner.
    /// @param beneficiary Who claims.
    /// @param timeout The inactivity timeout in seconds.
    event PolicyCreated(uint256 indexed id, address indexed owner, address indexed beneficiary, uint256 timeout);
    /// @notice The beneficiary changed.
    /// @param id The policy id.
    /// @param beneficiary The new beneficiary.
    event BeneficiaryChanged(uint256 indexed id, address indexed beneficiary);
    /// @notice The timeout changed.
    /// @param id The policy id.
    /// @param timeout The new timeout in seconds.
    event TimeoutChanged(uint256 indexed id, uint256 timeout);
    /// @notice The guardian set changed (pending approvals are discarded).
    /// @param id The policy id.
    /// @param guardians The new guardians.
    event GuardiansChanged(uint256 indexed id, address[] guardians);
    /// @notice The protected tokens changed.
    /// @param id The policy id.
    /// @param assets The new token list.
    event AssetsChanged(uint256 indexed id, address[] assets);
    /// @notice The owner proved life; the timeout restarts and pending guardian approvals are discarded.
    /// @param id The policy id.
    /// @param timestamp The new last proof of life.
    event ProofOfLife(uint256 indexed id, uint256 timestamp);
    /// @notice A guardian approved an override.
    /// @param id The policy id.
    /// @param guardian The guardian.
    /// @param approvals Approvals in this round so far.
    event OverrideApproved(uint256 indexed id, address indexed guardian, uint256 approvals);
    /// @notice A guardian withdrew an override approval.
    /// @param id The policy id.
    /// @param guardian The guardian.
    /// @param approvals Approvals in this round left.
    event OverrideApprovalRevoked(uint256 indexed id, address indexed guardian, uint256 approvals);
    /// @notice The guardian threshold was reached; the beneficiary may claim now.
    /// @param id The policy id.
    event OverrideTriggered(uint256 indexed id);
    /// @notice The owner bought pool coverage.
    /// @param id The policy id.
    /// @param coverage The coverage added.
    /// @param premium The premium paid into the pool.
    event CoveragePurchased(uint256 indexed id, uint256 coverage, uint256 premium);
    /// @notice The pool manager added money to the pool.
    /// @param from The contributor.
    /// @param amount The amount.
    event PoolFunded(address indexed from, uint256 amount);
    /// @notice The owner cancelled the policy (coverage is forfeited).
    /// @param id The policy id.
    event PolicyCancelled(uint256 indexed id);
    /// @notice A protected token was moved to the beneficiary.
    /// @param id The policy id.
    /// @param asset The token.
    /// @param amount The amount moved.
    event AssetSwept(uint256 indexed id, address indexed asset, uint256 amount);
    /// @notice A protected token could not be moved (it reverted); the claim went on without it.
    /// @param id The policy id.
    /// @param asset The token.
    event AssetSweepFailed(uint256 indexed id, address indexed asset);
    /// @notice The beneficiary claimed.
    /// @param id The policy id.
    /// @param beneficiary The beneficiary.
    /// @param trigger Timeout or guardian override.
    /// @param payout The pool payout.
    event Claimed(uint256 indexed id, address indexed beneficiary, ClaimTrigger trigger, uint256 payout);

    /// @notice Deploys the insurance contract.
    /// @param admin Receives `DEFAULT_ADMIN_ROLE` and `POOL_MANAGER_ROLE`.
    /// @param premiumToken_ The token of premiums, pool and payouts (USD.s).
    constructor(address admin, IERC20 premiumToken_) SpaceAccess(admin) {
        if (address(premiumToken_) == address(0)) revert ZeroAddress();
        _grantRole(POOL_MANAGER_ROLE, admin);
        premiumToken = premiumToken_;
    }

    // ---------------------------------------------------------------- owner

    /// @notice Creates the caller's policy. Approve this contract on each protected token to have it swept on claim.
    /// @param beneficiary Who may claim (not the caller, not a guardian).
    /// @param timeout Inactivity timeout in seconds, within [MIN_TIMEOUT, MAX_TIMEOUT].
    /// @param guardians Empty, or GUARDIAN_THRESHOLD to MAX_GUARDIANS distinct addresses.
    /// @param assets Up to MAX_PROTECTED_ASSETS distinct ERC-20 tokens to sweep.
    /// @return id The new policy id.
    function createPolicy(address beneficiary, uint256 timeout, address[] calldata guardians, address[] calldata assets)
        external
        returns (uint256 id)
    {
        uint256 existing = activePolicyOf[msg.sender];
        if (existing != 0) revert InsurancePolicyExists(existing);
        _checkTimeout(timeout);
        id = ++policyCount;
        Policy storage policy = _policies[id];
        policy.owner = msg.sender;
        // forge-lint: disable-next-line(unsafe-typecast)
        policy.timeout = uint64(timeout); // bounded by MAX_TIMEOUT
        policy.lastProofOfLife = uint64(block.timestamp);
        policy.status = Status.Active;
        activePolicyOf[msg.sender] = id;
        _setGuardians(id, policy, guardians);
        _setBeneficiary(id, policy, beneficiary);
        _setAssets(policy, assets);
        emit PolicyCreated(id, msg.sender, beneficiary, timeout);
        if (guardians.length != 0) emit GuardiansChanged(id, guardians);
        if (assets.length != 0) emit AssetsChanged(id, assets);
    }

    /// @notice Proof of life: restarts the timeout and discards pending guardian approvals.
    function ping() external {
        (uint256 id, Policy storage policy) = _ownActivePolicy();
        _proveLife(id, policy);
    }

    /// @notice Changes the beneficiary (counts as proof of life).
    /// @param beneficiary The new beneficiary (not the owner, not a guardian).
    function setBeneficiary(address beneficiary) external {
        (uint256 id, Policy storage policy) = _ownActivePolicy();
        _setBeneficiary(id, policy, beneficiary);
        emit BeneficiaryChanged(id, beneficiary);
        _proveLife(id, policy);
    }

    /// @notice Changes the inactivity timeout (counts as proof of life).
    /// @param timeout Seconds, within [MIN_TIMEOUT, MAX_TIMEOUT].
    function setTimeout(uint256 timeout) external {
        (uint256 id, Policy storage policy) = _ownActivePolicy();
        _checkTimeout(timeout);
        // forge-lint: disable-next-line(unsafe-typecast)
        policy.timeout = uint64(timeout); // bounded by MAX_TIMEOUT
        emit TimeoutChanged(id, timeout);
        _proveLife(id, policy);
    }

    /// @notice Replaces the guardian set (counts as proof of life; pending approvals are discarded).
    /// @param guardians Empty, or GUARDIAN_THRESHOLD to MAX_GUARDIANS distinct addresses.
    function setGuardians(address[] calldata guardians) external {
        (uint256 id, Policy storage policy) = _ownActivePolicy();
        address[] storage old = policy.guardians;
        for (uint256 i = 0; i < old.length; ++i) {
            _isGuardian[id][old[i]] = false;
        }
        delete policy.guardians;
        _setGuardians(id, policy, guardians);
        emit GuardiansChanged(id, guardians);
        _proveLife(id, policy);
    }

    /// @notice Replaces the list of protected tokens (counts as proof of life).
    /// @param assets Up to MAX_PROTECTED_ASSETS distinct tokens.
    function setAssets(address[] calldata assets) external {
        (uint256 id, Policy storage policy) = _ownActivePolicy();
        delete policy.assets;
        _setAssets(policy, assets);
        emit AssetsChanged(id, assets);
        _proveLife(id, policy);
    }

    /// @notice Buys pool coverage for a one-time premium of PREMIUM_BPS of `coverage` (rounded up) in `premiumToken`
    ///         (counts as proof of life). The caller must have approved the premium.
    /// @param coverage The payout added to the policy's coverage.
    /// @return premium The premium paid.
    function buyCoverage(uint256 coverage) external nonReentrant returns (uint256 premium) {
        if (coverage == 0) revert ZeroAmount();
        (uint256 id, Policy storage policy) = _ownActivePolicy();
        premium = premiumFor(coverage);
        policy.coverage += coverage;
        outstandingCoverage += coverage;
        poolBalance += premium;
        premiumToken.safeTransferFrom(msg.sender, address(this), premium);
        emit CoveragePurchased(id, coverage, premium);
        _proveLife(id, policy);
    }

    /// @notice Cancels the caller's active policy; its coverage is forfeited and premiums stay in the pool.
    function cancelPolicy() external {
        (uint256 id, Policy storage policy) = _ownActivePolicy();
        policy.status = Status.Cancelled;
        outstandingCoverage -= policy.coverage;
        activePolicyOf[msg.sender] = 0;
        emit PolicyCancelled(id);
    }

    // ---------------------------------------------------------------- guardians

    /// @notice Approves a guardian override for `id`; the GUARDIAN_THRESHOLD-th approval triggers the policy.
    /// @param id The policy id.
    function approveOverride(uint256 id) external {
        Policy storage policy = _activePolicy(id);
        if (!_isGuardian[id][msg.sender]) revert InsuranceNotGuardian(msg.sender);
        mapping(address => bool) storage approved = _approved[id][policy.round];
        if (approved[msg.sender]) revert InsuranceAlreadyApproved(msg.sender);
        approved[msg.sender] = true;
        uint256 approvals = ++policy.approvals;
        emit OverrideApproved(id, msg.sender, approvals);
        if (approvals >= GUARDIAN_THRESHOLD) {
            policy.status = Status.Triggered;
            emit OverrideTriggered(id);
        }
    }

    /// @notice Withdraws the caller's pending override approval for `id`.
    /// @param id The policy id.
    function revokeOverrideApproval(uint256 id) external {
        Policy storage policy = _activePolicy(id);
        if (!_isGuardian[id][msg.sender]) revert InsuranceNotGuardian(msg.sender);
        mapping(address => bool) storage approved = _approved[id][policy.round];
        if (!approved[msg.sender]) revert InsuranceNotApproved(msg.sender);
        approved[msg.sender] = false;
        uint256 approvals = --policy.approvals;
        emit OverrideApprovalRevoked(id, msg.sender, approvals);
    }

    // ---------------------------------------------------------------- beneficiary

    /// @notice Claims policy `id`: sweeps the protected tokens from the owner and pays `min(coverage, poolBalance)`.
    ///         Allowed for the beneficiary after the timeout or once guardians triggered the override.
    /// @param id The policy id.
    /// @return payout The pool payout.
    function claim(uint256 id) external nonReentrant returns (uint256 payout) {
        Policy storage policy = _policies[id];
        Status status = policy.status;
        if (status != Status.Active && status != Status.Triggered) revert InsuranceInvalidStatus(status);
        if (msg.sender != policy.beneficiary) revert InsuranceNotBeneficiary(msg.sender);
        ClaimTrigger trigger = ClaimTrigger.GuardianOverride;
        if (status == Status.Active) {
            uint256 unlockAt = uint256(policy.lastProofOfLife) + policy.timeout;
            // forge-lint: disable-next-line(block-timestamp) — day-scale timeouts; seconds of drift are irrelevant
            if (block.timestamp < unlockAt) revert InsuranceTimeoutNotReached(unlockAt);
            trigger = ClaimTrigger.Timeout;
        }
        policy.status = Status.Claimed;
        activePolicyOf[policy.owner] = 0;
        uint256 coverage = policy.coverage;
        outstandingCoverage -= coverage;
        payout = Math.min(coverage, poolBalance);
        poolBalance -= payout;

        address owner = policy.owner;
        address[] storage assets = policy.assets;
        for (uint256 i = 0; i < assets.length; ++i) {
            _sweep(id, assets[i], owner, msg.sender);
        }
        if (payout != 0) premiumToken.safeTransfer(msg.sender, payout);
        emit Claimed(id, msg.sender, trigger, payout);
    }

    // ---------------------------------------------------------------- pool

    /// @notice Adds `amount` of `premiumToken` to the pool (pool manager only).
    /// @param amount The contribution (> 0).
    function fundPool(uint256 amount) external onlyRole(POOL_MANAGER_ROLE) nonReentrant {
        if (amount == 0) revert ZeroAmount();
        poolBalance += amount;
        premiumToken.safeTransferFrom(msg.sender, address(this), amount);
        emit PoolFunded(msg.sender, amount);
    }

    // ---------------------------------------------------------------- views

    /// @notice The premium for `coverage` (PREMIUM_BPS, rounded up).
    /// @param coverage The coverage.
    /// @return The premium.
    function premiumFor(uint256 coverage) public pure returns (uint256) {
        return Math.mulDiv(coverage, PREMIUM_BPS, BPS_DENOMINATOR, Math.Rounding.Up);
    }

    /// @notice Policy `id`.
    /// @param id The policy id.
    /// @return The policy record.
    function policyOf(uint256 id) external view returns (Policy memory) {
        return _policies[id];
    }

    /// @notice When policy `id` becomes claimable by timeout.
    /// @param id The policy id.
    /// @return Last proof of life plus timeout.
    function claimableAt(uint256 id) external view returns (uint256) {
        Policy storage policy = _policies[id];
        if (policy.status == Status.None) revert InsurancePolicyNotFound();
        return uint256(policy.lastProofOfLife) + policy.timeout;
    }

    /// @notice Whether `guardian` guards policy `id`.
    /// @param id The policy id.
    /// @param guardian The address.
    /// @return True for a guardian.
    function isGuardian(uint256 id, address guardian) external view returns (bool) {
        return _isGuardian[id][guardian];
    }

    /// @notice Whether `guardian` approved an override of `id` in the current round.
    /// @param id The policy id.
    /// @param guardian The address.
    /// @return True when approved.
    function hasApproved(uint256 id, address guardian) external view returns (bool) {
        return _approved[id][_policies[id].round][guardian];
    }

    // ---------------------------------------------------------------- internals

    function _ownActivePolicy() private view returns (uint256 id, Policy storage policy) {
        id = activePolicyOf[msg.sender];
        if (id == 0) revert InsurancePolicyNotFound();
        policy = _policies[id];
        if (policy.status != Status.Active) revert InsuranceInvalidStatus(policy.status);
    }

    function _activePolicy(uint256 id) private view returns (Policy storage policy) {
        policy = _policies[id];
        if (policy.status == Status.None) revert InsurancePolicyNotFound();
        if (policy.status != Status.Active) revert InsuranceInvalidStatus(policy.status);
    }

    function _proveLife(uint256 id, Policy storage policy) private {
        policy.lastProofOfLife = uint64(block.timestamp);
        policy.round += 1;
        policy.approvals = 0;
        emit ProofOfLife(id, block.timestamp);
    }

    function _checkTimeout(uint256 timeout) private pure {
        if (timeout < MIN_TIMEOUT || timeout > MAX_TIMEOUT) revert InsuranceInvalidTimeout(timeout);
    }

    function _setBeneficiary(uint256 id, Policy storage policy, address beneficiary) private {
        if (beneficiary == address(0) || beneficiary == policy.owner || _isGuardian[id][beneficiary]) {
            revert InsuranceInvalidBeneficiary(beneficiary);
        }
        policy.beneficiary = beneficiary;
    }

    function _setGuardians(uint256 id, Policy storage policy, address[] calldata guardians) private {
        uint256 n = guardians.length;
        if (n != 0 && (n < GUARDIAN_THRESHOLD || n > MAX_GUARDIANS)) revert InsuranceInvalidGuardianCount(n);
        for (uint256 i = 0; i < n; ++i) {
            address guardian = guardians[i];
            if (
                guardian == address(0) || guardian == policy.owner || guardian == policy.beneficiary
                    || _isGuardian[id][guardian]
            ) {
                revert InsuranceInvalidGuardian(guardian);
            }
            _isGuardian[id][guardian] = true;
            policy.guardians.push(guardian);
        }
    }

    function _setAssets(Policy storage policy, address[] calldata assets) private {
        uint256 n = assets.length;
        if (n > MAX_PROTECTED_ASSETS) revert InsuranceTooManyAssets(n);
        for (uint256 i = 0; i < n; ++i) {
            address asset = assets[i];
            if (asset == address(0)) revert InsuranceInvalidAsset(asset);
            for (uint256 j = 0; j < i; ++j) {
                if (assets[j] == asset) revert InsuranceInvalidAsset(asset);
            }
            policy.assets.push(asset);
        }
    }

    /// @dev Moves min(allowance, balance) of `asset` from `owner` to `beneficiary`; never reverts.
    function _sweep(uint256 id, address asset, address owner, address beneficiary) private {
        IERC20 token = IERC20(asset);
        uint256 amount;
        try token.allowance(owner, address(this)) returns (uint256 allowance) {
            try token.balanceOf(owner) returns (uint256 balance) {
                amount = Math.min(allowance, balance);
            } catch {
                emit AssetSweepFailed(id, asset);
                return;
            }
        } catch {
            emit AssetSweepFailed(id, asset);
            return;
        }
        if (amount == 0) return;
        try token.transferFrom(owner, beneficiary, amount) returns (bool ok) {
            if (ok) emit AssetSwept(id, asset, amount);
            else emit AssetSweepFailed(id, asset);
        } catch {
            emit AssetSweepFailed(id, asset);
        }
    }
}
