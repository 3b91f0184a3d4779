// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.19;

import {Pausable} from "@openzeppelin/contracts/security/Pausable.sol";

/// @title SpacePausable
/// @notice OpenZeppelin 4.9 Pausable whose checks revert with named custom errors (the names OpenZeppelin 5 uses).
abstract contract SpacePausable is Pausable {
    /// @notice The contract is paused.
    error EnforcedPause();
    /// @notice The contract is not paused.
    error ExpectedPause();

    /// @dev Replaces "Pausable: paused".
    function _requireNotPaused() internal view virtual override {
        if (paused()) revert EnforcedPause();
    }

    /// @dev Replaces "Pausable: not paused".
    function _requirePaused() internal view virtual override {
        if (!paused()) revert ExpectedPause();
    }
}
