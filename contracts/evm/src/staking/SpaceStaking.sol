// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.19;

import {SpacePausable} from "../common/SpacePausable.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/security/ReentrancyGuard.sol";
import {SpaceParameters} from "spaceos-params/SpaceParameters.sol";
import {SpaceAccess} from "../common/SpaceAccess.sol";

/// @title SpaceStaking
/// @notice Native SPACE staking on the EVM (white paper §7.3): 12.5% APY, simple interest accrued per second on the
///         active stake, paid from a reward pool governance funds; unstaking waits 7 days, during which the amount
///         earns nothing.
/// @dev Roles: DEFAULT_ADMIN_ROLE pauses staking and withdraws unallocated reward funds. Staking, unstaking,
///      withdrawing and claiming act on the caller's own position only.
contract SpaceStaking is SpaceAccess, SpacePausable, ReentrancyGuard {
    /// @notice A staker's position.
    struct Position {
        uint256 staked;
        uint256 accrued;
        uint256 lastAccrual;
        uint256 unstaking;
        uint256 unlockAt;
    }

    /// @notice Positions by staker.
    mapping(address => Position) public positions;
    /// @notice Sum of active stakes.
    uint256 public totalStaked;
    /// @notice Sum of amounts waiting out the unstake delay.
    uint256 public totalUnstaking;
    /// @notice SPACE available to pay rewards.
    uint256 public rewardPool;

    /// @notice More than the active stake was asked to unstake.
    error InsufficientStake(uint256 requested, uint256 staked);
    /// @notice Nothing is unstaking, or the 7 days have not passed.
    error UnstakeLocked(uint256 unlockAt);
    /// @notice The reward pool cannot pay the accrued rewards.
    error RewardPoolInsufficient(uint256 owed, uint256 pool);
    /// @notice Nothing to withdraw or claim.
    error NothingToClaim();
    /// @notice Sending SPACE failed.
    error TransferFailed(address to, uint256 amount);

    /// @notice SPACE was staked.
    /// @param staker The staker.
    /// @param amount Wei staked.
    event Staked(address indexed staker, uint256 amount);
    /// @notice An unstake started; the amount unlocks at `unlockAt`.
    /// @param staker The staker.
    /// @param amount Wei unstaking (added to any amount already unstaking).
    /// @param unlockAt When the whole unstaking amount can be withdrawn.
    event UnstakeRequested(address indexed staker, uint256 amount, uint256 unlockAt);
    /// @notice Unlocked principal was withdrawn.
    /// @param staker The staker.
    /// @param amount Wei returned.
    event Withdrawn(address indexed staker, uint256 amount);
    /// @notice Rewards were paid.
    /// @param staker The staker.
    /// @param amount Wei paid.
    event RewardsClaimed(address indexed staker, uint256 amount);
    /// @notice The reward pool was funded.
    /// @param from Sender.
    /// @param amount Wei added.
    event RewardsFunded(address indexed from, uint256 amount);
    /// @notice The admin took unallocated SPACE out of the reward pool.
    /// @param to Recipient.
    /// @param amount Wei removed.
    event RewardsDefunded(address indexed to, uint256 amount);

    /// @param admin Governance address (DEFAULT_ADMIN_ROLE).
    constructor(address admin) SpaceAccess(admin) {}

    /// @notice Stakes `msg.value` SPACE.
    function stake() external payable whenNotPaused {
        if (msg.value == 0) revert ZeroAmount();
        Position storage p = _accrue(msg.sender);
        p.staked += msg.value;
        totalStaked += msg.value;
        emit Staked(msg.sender, msg.value);
    }

    /// @notice Starts unstaking `amount`; it stops earning now and can be withdrawn after 7 days. A second request
    ///         adds to the amount and restarts the 7 days.
    /// @param amount Wei to unstake.
    function requestUnstake(uint256 amount) external {
        if (amount == 0) revert ZeroAmount();
        Position storage p = _accrue(msg.sender);
        if (amount > p.staked) revert InsufficientStake(amount, p.staked);
        p.staked -= amount;
        p.unstaking += amount;
        p.unlockAt = block.timestamp + SpaceParameters.STAKING_UNSTAKE_DELAY_S;
        totalStaked -= amount;
        totalUnstaking += amount;
        emit UnstakeRequested(msg.sender, amount, p.unlockAt);
    }

    /// @notice Withdraws the unstaked principal once the 7 days have passed.
    function withdraw() external nonReentrant {
        Position storage p = positions[msg.sender];
        uint256 amount = p.unstaking;
        if (amount == 0 || block.timestamp < p.unlockAt) revert UnstakeLocked(p.unlockAt);
        p.unstaking = 0;
        p.unlockAt = 0;
        totalUnstaking -= amount;
        _send(msg.sender, amount);
        emit Withdrawn(msg.sender, amount);
    }

    /// @notice Pays the caller's accrued rewards from the reward pool.
    function claimRewards() external nonReentrant {
        Position storage p = _accrue(msg.sender);
        uint256 owed = p.accrued;
        if (owed == 0) revert NothingToClaim();
        if (owed > rewardPool) revert RewardPoolInsufficient(owed, rewardPool);
        p.accrued = 0;
        rewardPool -= owed;
        _send(msg.sender, owed);
        emit RewardsClaimed(msg.sender, owed);
    }

    /// @notice Adds `msg.value` to the reward pool (anyone may fund it).
    function fundRewards() external payable {
        if (msg.value == 0) revert ZeroAmount();
        rewardPool += msg.value;
        emit RewardsFunded(msg.sender, msg.value);
    }

    /// @notice Removes `amount` from the reward pool. Admin only.
    /// @param to Recipient.
    /// @param amount Wei to remove.
    function defundRewards(address payable to, uint256 amount) external onlyRole(DEFAULT_ADMIN_ROLE) nonReentrant {
        if (to == address(0)) revert ZeroAddress();
        if (amount > rewardPool) revert RewardPoolInsufficient(amount, rewardPool);
        rewardPool -= amount;
        _send(to, amount);
        emit RewardsDefunded(to, amount);
    }

    /// @notice Stops new stakes (unstaking, withdrawing and claiming stay open). Admin only.
    function pause() external onlyRole(DEFAULT_ADMIN_ROLE) {
        _pause();
    }

    /// @notice Resumes staking. Admin only.
    function unpause() external onlyRole(DEFAULT_ADMIN_ROLE) {
        _unpause();
    }

    /// @notice Rewards `staker` could claim now (accrued plus pending since the last update).
    /// @param staker The staker.
    function pendingRewards(address staker) external view returns (uint256) {
        Position storage p = positions[staker];
        return p.accrued + _earned(p.staked, p.lastAccrual);
    }

    function _accrue(address staker) private returns (Position storage p) {
        p = positions[staker];
        p.accrued += _earned(p.staked, p.lastAccrual);
        p.lastAccrual = block.timestamp;
    }

    function _earned(uint256 staked, uint256 since) private view returns (uint256) {
        if (staked == 0 || since == 0) return 0;
        return (staked * SpaceParameters.STAKING_APY_BPS * (block.timestamp - since))
            / (SpaceParameters.BPS_DENOMINATOR * SpaceParameters.SECONDS_PER_YEAR);
    }

    function _send(address to, uint256 amount) private {
        (bool ok,) = payable(to).call{value: amount}("");
        if (!ok) revert TransferFailed(to, amount);
    }
}
