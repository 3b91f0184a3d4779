// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.19;

import {SpacePausable} from "../common/SpacePausable.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/security/ReentrancyGuard.sol";
import {SpaceParameters} from "spaceos-params/SpaceParameters.sol";
import {SpaceAccess} from "../common/SpaceAccess.sol";

/// @title SpaceFaucet
/// @notice Testnet faucet (white paper §7.3): 100 SPACE per address per 24 hours, paid from SPACE sent to it.
/// @dev Roles: DEFAULT_ADMIN_ROLE pauses and withdraws the float. `drip` needs no role: the cooldown per address is
///      the access rule.
contract SpaceFaucet is SpaceAccess, SpacePausable, ReentrancyGuard {
    /// @notice Time of each address's last drip (0 = never).
    mapping(address => uint256) public lastDripAt;

    /// @notice The address dripped less than 24 hours ago.
    error FaucetCooldown(address account, uint256 availableAt);
    /// @notice The faucet holds less than one drip.
    error FaucetEmpty(uint256 balance);
    /// @notice Sending SPACE failed.
    error TransferFailed(address to, uint256 amount);

    /// @notice `account` received `amount` SPACE.
    /// @param account Recipient.
    /// @param amount Wei sent (FAUCET_AMOUNT_WEI).
    event Dripped(address indexed account, uint256 amount);
    /// @notice The faucet was funded.
    /// @param from Sender.
    /// @param amount Wei received.
    event Funded(address indexed from, uint256 amount);
    /// @notice The admin withdrew SPACE from the faucet.
    /// @param to Recipient.
    /// @param amount Wei sent.
    event Withdrawn(address indexed to, uint256 amount);

    /// @param admin Governance address (DEFAULT_ADMIN_ROLE).
    constructor(address admin) SpaceAccess(admin) {}

    /// @notice Accepts SPACE to fund drips.
    receive() external payable {
        emit Funded(msg.sender, msg.value);
    }

    /// @notice Sends 100 SPACE to the caller, at most once per 24 hours per address.
    function drip() external nonReentrant whenNotPaused {
        uint256 next = nextDripAt(msg.sender);
        if (block.timestamp < next) revert FaucetCooldown(msg.sender, next);
        uint256 amount = SpaceParameters.FAUCET_AMOUNT_WEI;
        if (address(this).balance < amount) revert FaucetEmpty(address(this).balance);
        lastDripAt[msg.sender] = block.timestamp;
        _send(msg.sender, amount);
        emit Dripped(msg.sender, amount);
    }

    /// @notice Withdraws `amount` of the float to `to`. Admin only.
    /// @param to Recipient.
    /// @param amount Wei to send.
    function withdraw(address payable to, uint256 amount) external onlyRole(DEFAULT_ADMIN_ROLE) nonReentrant {
        if (to == address(0)) revert ZeroAddress();
        _send(to, amount);
        emit Withdrawn(to, amount);
    }

    /// @notice Stops drips. Admin only.
    function pause() external onlyRole(DEFAULT_ADMIN_ROLE) {
        _pause();
    }

    /// @notice Resumes drips. Admin only.
    function unpause() external onlyRole(DEFAULT_ADMIN_ROLE) {
        _unpause();
    }

    /// @notice Earliest time `account` can drip again (0 when it never dripped).
    /// @param account The address to check.
    function nextDripAt(address account) public view returns (uint256) {
        uint256 last = lastDripAt[account];
        return last == 0 ? 0 : last + SpaceParameters.FAUCET_COOLDOWN_S;
    }

    function _send(address to, uint256 amount) private {
        (bool ok,) = payable(to).call{value: amount}("");
        if (!ok) revert TransferFailed(to, amount);
    }
}
