// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.19;

import {Test} from "forge-std/Test.sol";
import {AntelopeName} from "../../src/bridge/AntelopeName.sol";
import {BridgeMessage} from "../../src/bridge/BridgeMessage.sol";

contract AntelopeNameHarness {
    function encode(string memory name) external pure returns (uint64) {
        return AntelopeName.encode(name);
    }

    function isValid(string memory name) external pure returns (bool) {
        return AntelopeName.isValid(name);
    }
}

contract AntelopeNameTest is Test {
    AntelopeNameHarness internal h = new AntelopeNameHarness();

    function test_encodesKnownNamesLikeTheNativeChain() public view {
        assertEq(h.encode("eosio"), 0x5530ea0000000000);
        assertEq(h.encode("eosio.token"), 0x5530ea033482a600);
        assertEq(h.encode("a"), uint64(6) << 59);
        assertEq(h.encode("zzzzzzzzzzzz"), 0xfffffffffffffff0);
    }

    function test_rejectsEmptyTooLongTrailingDotAndBadCharacters() public {
        string[6] memory bad = ["", "abcdefghijklm", "abc.", "Alice", "bob6", "x_y"];
        for (uint256 i = 0; i < bad.length; i++) {
            assertFalse(h.isValid(bad[i]));
            vm.expectRevert(abi.encodeWithSelector(AntelopeName.InvalidNativeAccount.selector, bad[i]));
            h.encode(bad[i]);
        }
    }

    function test_reservedBridgeAddressIsPrefixPlusName() public view {
        address a = BridgeMessage.reservedAddress(h.encode("spaceos.brdg"));
        assertEq(uint160(a) >> 64, uint160(0xbbbbbbbbbbbbbbbbbbbbbbbb));
        assertEq(uint64(uint160(a)), h.encode("spaceos.brdg"));
        assertEq(BridgeMessage.bridgeAddress(), a);
    }

    /// Every string of 1..12 characters from [a-z1-5.] not ending in '.' encodes, and distinct names differ.
    function testFuzz_validNamesEncodeInjectively(uint256 seedA, uint256 seedB, uint8 lenA, uint8 lenB) public view {
        string memory a = _name(seedA, bound(lenA, 1, 12));
        string memory b = _name(seedB, bound(lenB, 1, 12));
        assertTrue(h.isValid(a));
        if (keccak256(bytes(a)) != keccak256(bytes(b))) assertTrue(h.encode(a) != h.encode(b));
        else assertEq(h.encode(a), h.encode(b));
    }

    /// A name with any byte outside the alphabet is rejected.
    function testFuzz_nameWithForeignByteIsRejected(uint256 seed, uint8 len, uint8 pos, bytes1 foreign) public {
        bytes memory alphabet = ".12345abcdefghijklmnopqrstuvwxyz";
        for (uint256 i = 0; i < alphabet.length; i++) {
            vm.assume(foreign != alphabet[i]);
        }
        bytes memory n = bytes(_name(seed, bound(len, 1, 12)));
        n[bound(pos, 0, n.length - 1)] = foreign;
        assertFalse(h.isValid(string(n)));
        vm.expectRevert(abi.encodeWithSelector(AntelopeName.InvalidNativeAccount.selector, string(n)));
        h.encode(string(n));
    }

    function _name(uint256 seed, uint256 len) internal pure returns (string memory) {
        bytes memory alphabet = ".12345abcdefghijklmnopqrstuvwxyz";
        bytes memory out = new bytes(len);
        for (uint256 i = 0; i < len; i++) {
            uint256 idx = uint256(keccak256(abi.encode(seed, i))) % 32;
            if (i == len - 1 && idx == 0) idx = 6; // no trailing '.'
            out[i] = alphabet[idx];
        }
        return string(out);
    }
}
