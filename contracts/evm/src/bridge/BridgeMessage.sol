// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.19;

import {SpaceParameters} from "spaceos-params/SpaceParameters.sol";
import {AntelopeName} from "./AntelopeName.sol";

/// @title BridgeMessage
/// @notice The EVM -> native bridge message of white paper §8.1 (`bridgeMsgV0`) and the reserved address it goes to.
/// @dev Layout (documented in contracts/evm/README.md, "Bridge message"):
///      the reserved address of a native account `n` is `0xbbbbbbbbbbbbbbbbbbbbbbbb ‖ uint64(name(n))` (20 bytes);
///      the call data sent to the reserved address of `spaceos.brdg` is
///        `bridgeMsgV0(string receiver, bool forceAtomic, bytes payload)` with receiver = "spaceos.brdg",
///        forceAtomic = true, and
///        payload = abi.encode(uint8 version = 0, uint8 kind, bytes32 messageId, uint256 nonce, address sender,
///                             address token, string symbol, uint64 nativeAccount, uint256 amountEvm,
///                             uint64 amountNative).
///      kind 1 = bridged ERC-20 burned by BridgeTokenFactory, kind 2 = native SPACE sent with the call (NativeBridge).
///      symbol is the native symbol ("USDT" for USDT.s, "SPACE"); messageId = keccak256(abi.encode(chainid, emitting
///      contract, nonce)) is unique across both contracts and chains, and is what spaceos.brdg keys replay protection on.
///      eosio.evm hands the message to spaceos.brdg (`onbridgemsg`), which releases `amountNative` (4 decimals) to
///      `nativeAccount`. The same bytes are emitted in an event so a relayer on a plain EVM (anvil) can consume them.
library BridgeMessage {
    /// @notice Payload version of this layout.
    uint8 internal constant VERSION = 0;
    /// @notice Payload kind: a bridged ERC-20 was burned.
    uint8 internal constant KIND_TOKEN = 1;
    /// @notice Payload kind: native SPACE travelled as the call's value.
    uint8 internal constant KIND_NATIVE = 2;
    /// @notice The 12-byte prefix of reserved addresses (`0xbb…bb`), followed by the 64-bit account name.
    uint160 internal constant RESERVED_PREFIX = 0xbbbbbbbbbbbbbbbbbbbbbbbb;

    /// @notice The reserved call to the bridge address failed.
    error BridgeMessageFailed();

    /// @notice The reserved EVM address that stands for native account `name`.
    function reservedAddress(uint64 name) internal pure returns (address) {
        return address((RESERVED_PREFIX << 64) | uint160(name));
    }

    /// @notice The reserved address of the bridge account (`SpaceParameters.ACCOUNT_BRIDGE`, "spaceos.brdg").
    function bridgeAddress() internal pure returns (address) {
        return reservedAddress(AntelopeName.encode(SpaceParameters.ACCOUNT_BRIDGE));
    }

    /// @notice The fields of one EVM -> native transfer.
    struct Transfer {
        uint8 kind;
        uint256 nonce;
        address sender;
        address token;
        string symbol;
        uint64 nativeAccount;
        uint256 amountEvm;
        uint64 amountNative;
    }

    /// @notice The unique id of message `nonce` of the calling contract on this chain.
    function messageId(uint256 nonce) internal view returns (bytes32) {
        return keccak256(abi.encode(block.chainid, address(this), nonce));
    }

    /// @notice Encodes the `bridgeMsgV0` call data for a transfer; returns it with the message id.
    function encode(Transfer memory t) internal view returns (bytes memory message, bytes32 id) {
        id = messageId(t.nonce);
        bytes memory payload = abi.encode(
            VERSION, t.kind, id, t.nonce, t.sender, t.token, t.symbol, t.nativeAccount, t.amountEvm, t.amountNative
        );
        message = abi.encodeWithSignature(
            "bridgeMsgV0(string,bool,bytes)", SpaceParameters.ACCOUNT_BRIDGE, true, payload
        );
    }

    /// @notice Sends `message` (with `value` wei of SPACE) to the reserved bridge address `to`.
    function send(address to, bytes memory message, uint256 value) internal {
        (bool ok,) = to.call{value: value}(message);
        if (!ok) revert BridgeMessageFailed();
    }
}
