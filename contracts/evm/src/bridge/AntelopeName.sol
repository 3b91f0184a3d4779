// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.19;

import {SpaceParameters} from "spaceos-params/SpaceParameters.sol";

/// @title AntelopeName
/// @notice Validates and encodes Antelope account names (white paper §6.1): 1 to 12 characters of `a-z`, `1-5` and `.`,
///         not ending in `.`. The 64-bit encoding is the native chain's `name` type (5 bits per character, first
///         character in the highest bits), so a native contract reads the value directly.
library AntelopeName {
    /// @notice `name` is not a valid Antelope account name of at most 12 characters.
    error InvalidNativeAccount(string name);

    /// @notice Returns the 64-bit `name` value of `name`; reverts with {InvalidNativeAccount} when it is not valid.
    function encode(string memory name) internal pure returns (uint64 value) {
        bytes memory b = bytes(name);
        uint256 len = b.length;
        if (len == 0 || len > SpaceParameters.ANTELOPE_ACCOUNT_NAME_MAX || b[len - 1] == ".") {
            revert InvalidNativeAccount(name);
        }
        uint256 v = 0;
        for (uint256 i = 0; i < len; i++) {
            uint8 c = uint8(b[i]);
            uint256 sym;
            if (c >= 0x61 && c <= 0x7a) sym = c - 0x61 + 6; // a-z -> 6..31
            else if (c >= 0x31 && c <= 0x35) sym = c - 0x31 + 1; // 1-5 -> 1..5
            else if (c == 0x2e) sym = 0; // '.'
            else revert InvalidNativeAccount(name);
            v |= sym << (64 - 5 * (i + 1));
        }
        // 12 characters use at most 60 bits, so the value always fits.
        // forge-lint: disable-next-line(unsafe-typecast)
        value = uint64(v);
    }

    /// @notice True when `name` is a valid account name (see {encode}).
    function isValid(string memory name) internal pure returns (bool) {
        bytes memory b = bytes(name);
        uint256 len = b.length;
        if (len == 0 || len > SpaceParameters.ANTELOPE_ACCOUNT_NAME_MAX || b[len - 1] == ".") return false;
        for (uint256 i = 0; i < len; i++) {
            uint8 c = uint8(b[i]);
            if (!((c >= 0x61 && c <= 0x7a) || (c >= 0x31 && c <= 0x35) || c == 0x2e)) return false;
        }
        return true;
    }
}
