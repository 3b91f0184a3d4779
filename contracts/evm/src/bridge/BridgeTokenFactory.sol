// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.19;

import {SpacePausable} from "../common/SpacePausable.sol";
import {SpaceParameters} from "spaceos-params/SpaceParameters.sol";
import {SpaceAccess} from "../common/SpaceAccess.sol";
import {SpaceStablecoin} from "../tokens/SpaceStablecoin.sol";
import {AntelopeName} from "./AntelopeName.sol";
import {BridgeMessage} from "./BridgeMessage.sol";

/// @title BridgeTokenFactory
/// @notice Mints and burns the bridged ERC-20s of white paper §8.1: native USD/USDT/USDC locked by `spaceos.brdg` is
///         minted here by the bridge authority; `bridgeToNative` burns and sends `bridgeMsgV0` to the reserved bridge
///         address so `spaceos.brdg` releases the native tokens.
/// @dev Roles: DEFAULT_ADMIN_ROLE (governance) creates/registers tokens and pauses; BRIDGE_AUTHORITY_ROLE (the EVM
///      identity `spaceos.brdg` calls through `eosio.evm::call`) mints. Amounts crossing the bridge must be exact in
///      the native 4-decimal precision (no dust is burned on the EVM side that the native side cannot release).
contract BridgeTokenFactory is SpaceAccess, SpacePausable {
    /// @notice Role of the native bridge's EVM caller: mints on deposits from the native chain.
    bytes32 public constant BRIDGE_AUTHORITY_ROLE = keccak256("BRIDGE_AUTHORITY_ROLE");

    /// @notice Per-token bookkeeping.
    struct TokenInfo {
        bool registered;
        uint8 decimals;
        uint256 minted;
        uint256 burned;
    }

    /// @notice Reserved address the bridge messages go to (that of `spaceos.brdg`).
    address public immutable bridgeAddress;
    /// @notice Bridge message sequence; each message carries a unique nonce.
    uint256 public nonce;
    /// @notice Bridged tokens in creation order.
    address[] public tokens;
    /// @notice Token address by symbol ("USDT.s").
    mapping(string => address) public tokenBySymbol;
    /// @notice Mint/burn totals per token.
    mapping(address => TokenInfo) public tokenInfo;
    /// @notice Native deposit ids already minted (replay protection).
    mapping(bytes32 => bool) public depositProcessed;
    /// @notice Native symbol per token: the ERC-20 symbol without its ".s" suffix ("USDT.s" -> "USDT").
    mapping(address => string) public nativeSymbol;

    /// @notice The token is not registered with this factory.
    error UnknownToken(address token);
    /// @notice A token with this symbol already exists.
    error SymbolTaken(string symbol);
    /// @notice Decimals other than 6 or 18 (the two precisions §8.1 converts to and from 4).
    error UnsupportedDecimals(uint8 decimals);
    /// @notice The native deposit was already minted.
    error DepositAlreadyProcessed(bytes32 depositId);
    /// @notice The amount is not a whole number of native units (4 decimals).
    error AmountNotNativeExact(uint256 amount, uint256 unit);
    /// @notice The native amount exceeds Antelope's largest asset amount (ANTELOPE_ASSET_MAX_AMOUNT, 2^62 - 1).
    error AmountTooLarge(uint256 amount);
    /// @notice The token does not let this factory mint (a registered token must grant it the minter role).
    error FactoryNotMinter(address token);

    /// @notice A bridged token was created or registered.
    /// @param token The ERC-20.
    /// @param symbol Its symbol.
    /// @param decimals Its precision.
    /// @param created True when deployed by this factory, false when an existing token was registered.
    event TokenRegistered(address indexed token, string symbol, uint8 decimals, bool created);
    /// @notice Tokens were minted for a native deposit.
    /// @param depositId The native transaction/action id of the lock on `spaceos.brdg`.
    /// @param token The bridged ERC-20.
    /// @param to EVM recipient from the deposit memo.
    /// @param amount Amount in token units.
    event BridgeMinted(bytes32 indexed depositId, address indexed token, address indexed to, uint256 amount);
    /// @notice Tokens were burned and `bridgeMsgV0` sent: `spaceos.brdg` releases `amountNative` of `symbol` to
    ///         `nativeAccount` (NP-BRDG-020).
    /// @param messageId Unique message id (replay key on the native side).
    /// @param sender The EVM account that bridged.
    /// @param token The burned ERC-20.
    /// @param nonce Message sequence number of this factory.
    /// @param symbol Native symbol released ("USDT" for USDT.s).
    /// @param nativeAccount Receiving native account (validated name).
    /// @param amount Amount burned, in token units.
    /// @param amountNative Amount released on the native chain, 4 decimals.
    /// @param message The exact call data sent to the reserved bridge address.
    event BridgedToNative(
        bytes32 indexed messageId,
        address indexed sender,
        address indexed token,
        uint256 nonce,
        string symbol,
        string nativeAccount,
        uint256 amount,
        uint64 amountNative,
        bytes message
    );

    /// @param admin Governance address (DEFAULT_ADMIN_ROLE).
    /// @param bridgeAuthority The native bridge's EVM caller (BRIDGE_AUTHORITY_ROLE).
    constructor(address admin, address bridgeAuthority) SpaceAccess(admin) {
        if (bridgeAuthority == address(0)) revert ZeroAddress();
        _grantRole(BRIDGE_AUTHORITY_ROLE, bridgeAuthority);
        bridgeAddress = BridgeMessage.bridgeAddress();
    }

    /// @notice Deploys a bridged ERC-20 (e.g. "Bridged Tether", "USDT.s", 6). Admin only.
    /// @param name ERC-20 name.
    /// @param symbol ERC-20 symbol; unique within the factory.
    /// @param decimals 6 or 18.
    /// @return token The new token's address.
    function createToken(string calldata name, string calldata symbol, uint8 decimals)
        external
        onlyRole(DEFAULT_ADMIN_ROLE)
        returns (address token)
    {
        _checkNew(symbol, decimals);
        token = address(new SpaceStablecoin(name, symbol, decimals));
        _register(token, symbol, decimals, true);
    }

    /// @notice Registers an existing token (e.g. USD.s from FiatStablecoinFactory) for bridging; the token must
    ///         already let this factory mint and burn. Admin only.
    /// @param token The ERC-20 to register.
    function registerToken(address token) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (token == address(0)) revert ZeroAddress();
        SpaceStablecoin t = SpaceStablecoin(token);
        if (!t.isMinter(address(this)) && t.issuer() != address(this)) revert FactoryNotMinter(token);
        string memory symbol = t.symbol();
        uint8 decimals = t.decimals();
        _checkNew(symbol, decimals);
        _register(token, symbol, decimals, false);
    }

    /// @notice Mints `amount` of `token` to `to` for the native deposit `depositId`. Bridge authority only; each
    ///         deposit id mints once.
    /// @param token Registered bridged token.
    /// @param to EVM recipient.
    /// @param amount Amount in token units.
    /// @param depositId Native lock id (replay protection).
    function mint(address token, address to, uint256 amount, bytes32 depositId)
        external
        onlyRole(BRIDGE_AUTHORITY_ROLE)
        whenNotPaused
    {
        TokenInfo storage info = _info(token);
        if (to == address(0)) revert ZeroAddress();
        if (amount == 0) revert ZeroAmount();
        if (depositProcessed[depositId]) revert DepositAlreadyProcessed(depositId);
        depositProcessed[depositId] = true;
        info.minted += amount;
        SpaceStablecoin(token).mint(to, amount);
        emit BridgeMinted(depositId, token, to, amount);
    }

    /// @notice Burns `amount` of the caller's `token` and sends `bridgeMsgV0` so `spaceos.brdg` releases the native
    ///         equivalent to `nativeAccount` (white paper §8.1, EVM -> native).
    /// @param token Registered bridged token.
    /// @param amount Amount in token units; must be a whole number of native units (10^(decimals-4)).
    /// @param nativeAccount Antelope account name, at most 12 characters of [a-z1-5.].
    /// @return messageNonce The nonce of the bridge message.
    function bridgeToNative(address token, uint256 amount, string calldata nativeAccount)
        external
        whenNotPaused
        returns (uint256 messageNonce)
    {
        TokenInfo storage info = _info(token);
        if (amount == 0) revert ZeroAmount();
        uint64 account = AntelopeName.encode(nativeAccount);
        uint256 unit = 10 ** (uint256(info.decimals) - SpaceParameters.STABLE_NATIVE_DECIMALS);
        if (amount % unit != 0) revert AmountNotNativeExact(amount, unit);
        if (amount / unit > SpaceParameters.ANTELOPE_ASSET_MAX_AMOUNT) revert AmountTooLarge(amount);
        info.burned += amount;
        SpaceStablecoin(token).burn(msg.sender, amount);
        messageNonce = ++nonce;
        BridgeMessage.Transfer memory t = BridgeMessage.Transfer({
            kind: BridgeMessage.KIND_TOKEN,
            nonce: messageNonce,
            sender: msg.sender,
            token: token,
            symbol: nativeSymbol[token],
            nativeAccount: account,
            amountEvm: amount,
            // Bounded by ANTELOPE_ASSET_MAX_AMOUNT (< 2^62) just above.
            // forge-lint: disable-next-line(unsafe-typecast)
            amountNative: uint64(amount / unit)
        });
        _send(t, nativeAccount);
    }

    function _send(BridgeMessage.Transfer memory t, string calldata nativeAccount) private {
        (bytes memory message, bytes32 id) = BridgeMessage.encode(t);
        BridgeMessage.send(bridgeAddress, message, 0);
        emit BridgedToNative(id, t.sender, t.token, t.nonce, t.symbol, nativeAccount, t.amountEvm, t.amountNative, message);
    }

    /// @notice Stops minting and bridging (emergency). Admin only.
    function pause() external onlyRole(DEFAULT_ADMIN_ROLE) {
        _pause();
    }

    /// @notice Resumes minting and bridging. Admin only.
    function unpause() external onlyRole(DEFAULT_ADMIN_ROLE) {
        _unpause();
    }

    /// @notice Number of bridged tokens.
    function tokenCount() external view returns (uint256) {
        return tokens.length;
    }

    /// @notice Tokens minted minus burned through this factory (the bridged supply it is accountable for).
    /// @param token Registered token.
    function bridgedSupply(address token) external view returns (uint256) {
        TokenInfo storage info = _info(token);
        return info.minted - info.burned;
    }

    function _info(address token) private view returns (TokenInfo storage info) {
        info = tokenInfo[token];
        if (!info.registered) revert UnknownToken(token);
    }

    function _checkNew(string memory symbol, uint8 decimals) private view {
        if (tokenBySymbol[symbol] != address(0)) revert SymbolTaken(symbol);
        if (decimals != SpaceParameters.LEGACY_STABLE_EVM_DECIMALS && decimals != SpaceParameters.USD_EVM_DECIMALS) {
            revert UnsupportedDecimals(decimals);
        }
    }

    /// @dev "USDT.s" -> "USDT"; a symbol without the suffix is kept as it is.
    function _stripSuffix(string memory symbol) private pure returns (string memory) {
        bytes memory b = bytes(symbol);
        uint256 n = b.length;
        if (n < 3 || b[n - 2] != "." || b[n - 1] != "s") return symbol;
        bytes memory out = new bytes(n - 2);
        for (uint256 i = 0; i < n - 2; i++) {
            out[i] = b[i];
        }
        return string(out);
    }

    function _register(address token, string memory symbol, uint8 decimals, bool created) private {
        tokens.push(token);
        tokenBySymbol[symbol] = token;
        tokenInfo[token] = TokenInfo({registered: true, decimals: decimals, minted: 0, burned: 0});
        nativeSymbol[token] = _stripSuffix(symbol);
        emit TokenRegistered(token, symbol, decimals, created);
    }
}
