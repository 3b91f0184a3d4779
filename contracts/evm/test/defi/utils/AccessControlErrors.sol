// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.19;

import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";

/// @notice The revert data of OpenZeppelin 4.9 `AccessControl` when `account` lacks `role` (for `vm.expectRevert`).
library AccessControlErrors {
    function missingRole(address account, bytes32 role) internal pure returns (bytes memory) {
        return abi.encodeWithSignature(
            "Error(string)",
            string.concat(
                "AccessControl: account ",
                Strings.toHexString(account),
                " is missing role ",
                Strings.toHexString(uint256(role), 32)
            )
        );
    }
}
