// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.19;

import {Test} from "forge-std/Test.sol";
import {SpaceStablecoin} from "../../src/tokens/SpaceStablecoin.sol";

contract SpaceStablecoinTest is Test {
    event MinterSet(address indexed minter, bool allowed);

    address internal alice = makeAddr("alice");
    address internal minter = makeAddr("minter");
    SpaceStablecoin internal t;

    function setUp() public {
        t = new SpaceStablecoin("Bridged USD Coin", "USDC.s", 6); // this test is the issuer
    }

    function test_metadataAndIssuer() public view {
        assertEq(t.name(), "Bridged USD Coin");
        assertEq(t.symbol(), "USDC.s");
        assertEq(t.decimals(), 6);
        assertEq(t.issuer(), address(this));
    }

    function test_issuerMintsAndBurnsWithoutAllowance() public {
        t.mint(alice, 5e6);
        t.burn(alice, 2e6);
        assertEq(t.balanceOf(alice), 3e6);
        assertEq(t.totalSupply(), 3e6);
    }

    function test_setMinterGrantsAndRevokesMinting() public {
        vm.expectEmit(true, true, true, true, address(t));
        emit MinterSet(minter, true);
        t.setMinter(minter, true);
        assertTrue(t.isMinter(minter));
        vm.prank(minter);
        t.mint(alice, 1);
        t.setMinter(minter, false);
        vm.expectRevert(abi.encodeWithSelector(SpaceStablecoin.StablecoinUnauthorized.selector, minter));
        vm.prank(minter);
        t.mint(alice, 1);
        vm.expectRevert(abi.encodeWithSelector(SpaceStablecoin.StablecoinUnauthorized.selector, minter));
        vm.prank(minter);
        t.burn(alice, 1);
    }

    function test_onlyTheIssuerSetsMinters() public {
        t.setMinter(minter, true);
        vm.expectRevert(abi.encodeWithSelector(SpaceStablecoin.StablecoinUnauthorized.selector, minter));
        vm.prank(minter);
        t.setMinter(alice, true);
    }

    /// Supply always equals minted minus burned for any sequence of one mint and one partial burn.
    function testFuzz_supplyTracksMintAndBurn(uint128 minted, uint128 burned) public {
        burned = uint128(bound(burned, 0, minted));
        t.mint(alice, minted);
        t.burn(alice, burned);
        assertEq(t.totalSupply(), uint256(minted) - burned);
    }
}
