// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.19;

import {Test} from "forge-std/Test.sol";
import {SpaceParameters} from "spaceos-params/SpaceParameters.sol";
import {SpaceAccess} from "../../src/common/SpaceAccess.sol";
import {SpacePausable} from "../../src/common/SpacePausable.sol";
import {AntelopeName} from "../../src/bridge/AntelopeName.sol";
import {BridgeMessage} from "../../src/bridge/BridgeMessage.sol";
import {NativeBridge} from "../../src/bridge/NativeBridge.sol";

contract NativeBridgeTest is Test {
    event NativeBridged(
        bytes32 indexed messageId,
        uint256 indexed nonce,
        address indexed sender,
        string nativeAccount,
        uint256 amount,
        uint64 amountNative,
        bytes message
    );

    address internal admin = makeAddr("admin");
    address internal alice = makeAddr("alice");
    NativeBridge internal bridge;

    function setUp() public {
        bridge = new NativeBridge(admin);
        vm.deal(alice, 1_000_000 ether);
    }

    function test_constructorRejectsZeroAdmin() public {
        vm.expectRevert(SpaceAccess.ZeroAddress.selector);
        new NativeBridge(address(0));
    }

    function test_bridgeToNativeSendsValueAndMessageToTheReservedAddress() public {
        address reserved = bridge.bridgeAddress();
        assertEq(reserved, BridgeMessage.bridgeAddress());
        bytes32 id = keccak256(abi.encode(block.chainid, address(bridge), uint256(1)));
        bytes memory payload = abi.encode(
            uint8(0), uint8(2), id, uint256(1), alice, address(0), "SPACE", AntelopeName.encode("alice"),
            uint256(1.5 ether), uint64(15_000)
        );
        bytes memory expected = abi.encodeWithSignature("bridgeMsgV0(string,bool,bytes)", "spaceos.brdg", true, payload);
        vm.expectCall(reserved, 1.5 ether, expected);
        vm.expectEmit(true, true, true, true, address(bridge));
        emit NativeBridged(id, 1, alice, "alice", 1.5 ether, 15_000, expected);
        vm.prank(alice);
        assertEq(bridge.bridgeToNative{value: 1.5 ether}("alice"), 1);
        assertEq(reserved.balance, 1.5 ether);
        assertEq(bridge.totalBridged(), 1.5 ether);
        assertEq(bridge.nonce(), 1);
        assertEq(address(bridge).balance, 0);
    }

    function test_bridgeToNativeRevertsOnEveryInvalidInput() public {
        vm.startPrank(alice);
        vm.expectRevert(SpaceAccess.ZeroAmount.selector);
        bridge.bridgeToNative("alice");
        vm.expectRevert(abi.encodeWithSelector(AntelopeName.InvalidNativeAccount.selector, "al!ce"));
        bridge.bridgeToNative{value: 1 ether}("al!ce");
        vm.expectRevert(abi.encodeWithSelector(NativeBridge.AmountNotNativeExact.selector, 1 ether + 1, 1e14));
        bridge.bridgeToNative{value: 1 ether + 1}("alice");
        vm.stopPrank();
        uint256 huge = (SpaceParameters.ANTELOPE_ASSET_MAX_AMOUNT + 1) * 1e14;
        vm.deal(alice, huge);
        vm.expectRevert(abi.encodeWithSelector(NativeBridge.AmountTooLarge.selector, huge));
        vm.prank(alice);
        bridge.bridgeToNative{value: huge}("alice");
    }

    function test_unpauseWhenNotPausedAndPauseTwiceRevertWithNamedErrors() public {
        vm.startPrank(admin);
        vm.expectRevert(SpacePausable.ExpectedPause.selector);
        bridge.unpause();
        bridge.pause();
        vm.expectRevert(SpacePausable.EnforcedPause.selector);
        bridge.pause();
        vm.stopPrank();
    }

    function test_pauseStopsWithdrawalsAndOnlyAdminPauses() public {
        vm.expectRevert(
            abi.encodeWithSelector(SpaceAccess.AccessControlUnauthorized.selector, alice, bridge.DEFAULT_ADMIN_ROLE())
        );
        vm.prank(alice);
        bridge.pause();
        vm.prank(admin);
        bridge.pause();
        vm.expectRevert(SpacePausable.EnforcedPause.selector);
        vm.prank(alice);
        bridge.bridgeToNative{value: 1 ether}("alice");
        vm.expectRevert(
            abi.encodeWithSelector(SpaceAccess.AccessControlUnauthorized.selector, alice, bridge.DEFAULT_ADMIN_ROLE())
        );
        vm.prank(alice);
        bridge.unpause();
        vm.prank(admin);
        bridge.unpause();
        vm.prank(alice);
        bridge.bridgeToNative{value: 1 ether}("alice");
    }

    /// Every whole number of native units crosses with amountNative = value / 10^14 and nothing stays behind.
    function testFuzz_nativeAmountIsValueOver1e14(uint64 units) public {
        vm.assume(units > 0 && uint256(units) * 1e14 <= 1_000_000 ether);
        uint256 value = uint256(units) * 1e14;
        address reserved = bridge.bridgeAddress();
        uint256 before = reserved.balance;
        vm.recordLogs();
        vm.prank(alice);
        bridge.bridgeToNative{value: value}("spaceos.user");
        assertEq(reserved.balance - before, value);
        assertEq(address(bridge).balance, 0);
        assertEq(bridge.totalBridged(), value);
    }
}
