// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.19;

/// @notice A contract that refuses SPACE, to drive the TransferFailed paths.
contract RejectsSpace {
    receive() external payable {
        revert("no");
    }

    /// @notice Forwards a call (so this contract can act as a user).
    function call(address target, uint256 value, bytes calldata data) external payable returns (bytes memory) {
        (bool ok, bytes memory ret) = target.call{value: value}(data);
        if (!ok) {
            assembly {
                revert(add(ret, 32), mload(ret))
            }
        }
        return ret;
    }
}
