// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.19;

/// @title Bytecode
/// @notice Test helper: walks EVM bytecode opcode by opcode (skipping PUSH data) to find a given opcode.
library Bytecode {
    /// @notice True when `code` executes opcode `op` anywhere (PUSH1..PUSH32 immediates are skipped).
    /// @dev Solidity appends CBOR metadata after the code; with `bytecode_hash = "none"` it is short and, being data
    ///      after the final INVALID/STOP, is skipped by reading the CBOR length from the last two bytes.
    function containsOpcode(bytes memory code, uint8 op) internal pure returns (bool) {
        uint256 end = code.length;
        if (end >= 2) {
            uint256 metaLen = (uint256(uint8(code[end - 2])) << 8) | uint256(uint8(code[end - 1]));
            if (metaLen + 2 <= end) end -= metaLen + 2;
        }
        uint256 i = 0;
        while (i < end) {
            uint8 c = uint8(code[i]);
            if (c == op) return true;
            if (c >= 0x60 && c <= 0x7f) i += uint256(c) - 0x5f; // PUSH1..PUSH32 immediates
            i++;
        }
        return false;
    }
}
