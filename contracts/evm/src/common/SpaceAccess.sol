// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.19;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";

/// @title SpaceAccess
/// @notice OpenZeppelin AccessControl whose role check reverts with a named custom error instead of a string.
/// @dev `DEFAULT_ADMIN_ROLE` is governance (the DAO's EVM executor or, on a devnet, the deployer). It grants and
///      revokes every other role of the contract.
abstract contract SpaceAccess is AccessControl {
    /// @notice `account` lacks `role` for the function it called.
    error AccessControlUnauthorized(address account, bytes32 role);
    /// @notice An address argument that must be set was the zero address.
    error ZeroAddress();
    /// @notice An amount that must be positive was zero.
    error ZeroAmount();

    constructor(address admin) {
        if (admin == address(0)) revert ZeroAddress();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    /// @dev Replaces OpenZeppelin's string revert with {AccessControlUnauthorized}.
    function _checkRole(bytes32 role, address account) internal view virtual override {
        if (!hasRole(role, account)) revert AccessControlUnauthorized(account, role);
    }
}
