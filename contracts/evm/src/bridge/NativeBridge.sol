// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.19;

import {SpacePausable} from "../common/SpacePausable.sol";
import {SpaceParameters} from "spaceos-params/SpaceParameters.sol";
import {SpaceAccess} from "../common/SpaceAccess.sol";
import {AntelopeName} from "./AntelopeName.sol";
import {BridgeMessage} from "./BridgeMessage.sol";

/// @title NativeBridge
/// @notice Withdraws native SPACE (the EVM gas token) to the native chain, as white paper §8.1 implies for the embedded
///         EVM: the SPACE travels as the value of a `bridgeMsgV0` call to the reserved address of `spaceos.brdg`,
///         which credits `nativeAccount` with value / 10^14 (18 -> 4 decimals).
/// @dev Roles: DEFAULT_ADMIN_ROLE pauses. Withdrawing needs no role: the caller spends its own SPACE.
contract NativeBridge is SpaceAccess, SpacePausable {
    /// @notice Reserved address the messages (and the SPACE) go to.
    address public immutable bridgeAddress;
    /// @notice Message sequence.
    uint256 public nonce;
    /// @notice Total SPACE (wei) sent to the native chain.
    uint256 public totalBridged;

    /// @notice The value is not a whole number of native units (10^14 wei).
    error AmountNotNativeExact(uint256 amount, uint256 unit);

    /// @notice The native amount exceeds Antelope's largest asset amount (ANTELOPE_ASSET_MAX_AMOUNT, 2^62 - 1).
    error AmountTooLarge(uint256 amount);

    /// @notice SPACE left the EVM for `nativeAccount`; the relayer/`spaceos.brdg` consumes `message` (NP-BRDG-021).
    /// @param messageId Unique message id (replay key on the native side).
    /// @param nonce Message sequence number of this contract.
    /// @param sender The EVM account that withdrew.
    /// @param nativeAccount Receiving native account.
    /// @param amount Wei sent.
    /// @param amountNative SPACE credited on the native chain, 4 decimals.
    /// @param message The exact call data sent to the reserved bridge address.
    event NativeBridged(
        bytes32 indexed messageId,
        uint256 indexed nonce,
        address indexed sender,
        string nativeAccount,
        uint256 amount,
        uint64 amountNative,
        bytes message
    );

    /// @param admin Governance address (DEFAULT_ADMIN_ROLE).
    constructor(address admin) SpaceAccess(admin) {
        bridgeAddress = BridgeMessage.bridgeAddress();
    }

    /// @notice Sends `msg.value` SPACE to `nativeAccount` on the native chain.
    /// @param nativeAccount Antelope account name, at most 12 characters of [a-z1-5.].
    /// @return messageNonce The nonce of the bridge message.
    function bridgeToNative(string calldata nativeAccount) external payable whenNotPaused returns (uint256 messageNonce) {
        if (msg.value == 0) revert ZeroAmount();
        uint64 account = AntelopeName.encode(nativeAccount);
        uint256 unit = SpaceParameters.BRIDGE_SCALE_SPACE;
        if (msg.value % unit != 0) revert AmountNotNativeExact(msg.value, unit);
        if (msg.value / unit > SpaceParameters.ANTELOPE_ASSET_MAX_AMOUNT) revert AmountTooLarge(msg.value);
        messageNonce = ++nonce;
        totalBridged += msg.value;
        BridgeMessage.Transfer memory t = BridgeMessage.Transfer({
            kind: BridgeMessage.KIND_NATIVE,
            nonce: messageNonce,
            sender: msg.sender,
            token: address(0),
            symbol: SpaceParameters.SPACE_SYMBOL,
            nativeAccount: account,
            amountEvm: msg.value,
            // Bounded by ANTELOPE_ASSET_MAX_AMOUNT (< 2^62) just above.
            // forge-lint: disable-next-line(unsafe-typecast)
            amountNative: uint64(msg.value / unit)
        });
        (bytes memory message, bytes32 id) = BridgeMessage.encode(t);
        BridgeMessage.send(bridgeAddress, message, msg.value);
        emit NativeBridged(id, messageNonce, msg.sender, nativeAccount, msg.value, t.amountNative, message);
    }

    /// @notice Stops withdrawals (emergency). Admin only.
    function pause() external onlyRole(DEFAULT_ADMIN_ROLE) {
        _pause();
    }

    /// @notice Resumes withdrawals. Admin only.
    function unpause() external onlyRole(DEFAULT_ADMIN_ROLE) {
        _unpause();
    }
}
