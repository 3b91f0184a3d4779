// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.19;

import {SpaceAccess} from "../../../src/common/SpaceAccess.sol";

/// @notice The revert data of `SpaceAccess` when `account` lacks `role` (for `vm.expectRevert`).
library AccessControlErrors {
    function missingRole(address account, bytes32 role) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(SpaceAccess.AccessControlUnauthorized.selector, account, role);
    }
}
