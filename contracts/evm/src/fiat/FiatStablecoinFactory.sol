// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.19;

import {SpacePausable} from "../common/SpacePausable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SpaceParameters} from "spaceos-params/SpaceParameters.sol";
import {SpaceAccess} from "../common/SpaceAccess.sol";
import {SpaceStablecoin} from "../tokens/SpaceStablecoin.sol";

/// @title FiatStablecoinFactory
/// @notice Issues the fiat-backed stablecoins USD.s, EUR.s and GBP.s (white paper §8.2). The treasury signer mints
///         against fiat received and redeems (burns) against fiat paid out, each operation under a unique
///         idempotency key and logged as an event (the on-chain MintBurnLog). Reconciliation attestations compare
///         reserves with `totalSupply()` and pause minting when the deficit exceeds 1%. Treasury outflows
///         (redemptions) are limited on chain to $500 per transaction and $5,000 per UTC day; a redemption over
///         either limit is escrowed and queued for a reviewer to approve or reject.
/// @dev Roles: DEFAULT_ADMIN_ROLE (governance) creates tokens, wires bridge minters, resumes minting, pauses;
///      TREASURY_SIGNER_ROLE mints and redeems; RECONCILER_ROLE attests reserves (the 6-hourly reconciliation job);
///      REVIEWER_ROLE approves or rejects queued withdrawals. Limits are in the token's own units (face value): the
///      white paper's USD figures applied 1:1 to EUR.s and GBP.s (no FX oracle on chain; spec/DECISIONS.md).
contract FiatStablecoinFactory is SpaceAccess, SpacePausable {
    using SafeERC20 for IERC20;

    /// @notice Mints and redeems (the operations service's signer).
    bytes32 public constant TREASURY_SIGNER_ROLE = keccak256("TREASURY_SIGNER_ROLE");
    /// @notice Posts reserve attestations.
    bytes32 public constant RECONCILER_ROLE = keccak256("RECONCILER_ROLE");
    /// @notice Approves or rejects withdrawals queued for review.
    bytes32 public constant REVIEWER_ROLE = keccak256("REVIEWER_ROLE");

    /// @notice Kind of a MintBurnLog entry.
    enum Operation {
        Mint,
        Burn
    }

    /// @notice State of a queued withdrawal.
    enum WithdrawalStatus {
        None,
        Pending,
        Approved,
        Rejected
    }

    /// @notice A redemption over the limits, escrowed in this contract until reviewed.
    struct Withdrawal {
        address token;
        address account;
        uint256 amount;
        bytes32 idempotencyKey;
        WithdrawalStatus status;
    }

    /// @notice Per-token state.
    struct Stablecoin {
        bool registered;
        bool mintPaused;
        uint256 outflowDay;
        uint256 outflowToday;
        uint256 lastReserves;
        uint256 lastSupply;
        uint256 lastAttestedAt;
    }

    /// @notice Stablecoins issued by this factory, in creation order.
    address[] public stablecoins;
    /// @notice Token by symbol ("USD.s").
    mapping(string => address) public tokenBySymbol;
    /// @notice Per-token state.
    mapping(address => Stablecoin) public stablecoinInfo;
    /// @notice Idempotency keys already used by mint or redeem.
    mapping(bytes32 => bool) public idempotencyKeyUsed;
    /// @notice Withdrawals queued for review, by id (1-based).
    mapping(uint256 => Withdrawal) public withdrawals;
    /// @notice Number of queued withdrawals so far (the last id).
    uint256 public withdrawalCount;
    /// @notice Number of MintBurnLog entries so far (the last sequence number).
    uint256 public logSequence;

    /// @notice The token was not issued by this factory.
    error UnknownStablecoin(address token);
    /// @notice A stablecoin with this symbol already exists.
    error SymbolTaken(string symbol);
    /// @notice The idempotency key was already used.
    error IdempotencyKeyUsed(bytes32 key);
    /// @notice Minting of this token is paused by a reserve deficit over 1% (or not yet resumed).
    error MintingPaused(address token);
    /// @notice Minting cannot resume: the latest attestation shows a deficit over 1% (or there is none).
    error ReserveDeficit(address token, uint256 reserves, uint256 supply);
    /// @notice The withdrawal id is unknown or already reviewed.
    error WithdrawalNotPending(uint256 id);

    /// @notice A stablecoin was created.
    /// @param token The ERC-20.
    /// @param symbol Its symbol.
    event StablecoinCreated(address indexed token, string symbol);
    /// @notice The on-chain MintBurnLog: one entry per mint or burn, never rewritten.
    /// @param sequence Log sequence number (1-based, gapless).
    /// @param idempotencyKey The key the treasury signer used.
    /// @param token The stablecoin.
    /// @param operation Mint or Burn.
    /// @param account Recipient of a mint, or holder whose tokens were redeemed.
    /// @param amount Amount in token units.
    event MintBurnLogged(
        uint256 indexed sequence,
        bytes32 indexed idempotencyKey,
        address indexed token,
        Operation operation,
        address account,
        uint256 amount
    );
    /// @notice A reconciliation attestation was recorded.
    /// @param token The stablecoin.
    /// @param reserves Fiat reserves reported, in token units.
    /// @param supply `totalSupply()` at attestation time.
    /// @param deficit `supply - reserves` when positive, else 0.
    /// @param mintPaused Whether minting is now paused.
    /// @param reportHash Hash of the off-chain reconciliation report (bank statements).
    event ReservesAttested(
        address indexed token, uint256 reserves, uint256 supply, uint256 deficit, bool mintPaused, bytes32 reportHash
    );
    /// @notice Minting was paused automatically by a deficit over 1%.
    /// @param token The stablecoin.
    event MintingAutoPaused(address indexed token);
    /// @notice Governance resumed minting after a healthy attestation.
    /// @param token The stablecoin.
    event MintingResumed(address indexed token);
    /// @notice A redemption over the limits was escrowed and queued for review.
    /// @param id Withdrawal id.
    /// @param token The stablecoin.
    /// @param account The redeeming holder.
    /// @param amount Amount escrowed.
    /// @param idempotencyKey The key the treasury signer used.
    event WithdrawalQueued(
        uint256 indexed id, address indexed token, address indexed account, uint256 amount, bytes32 idempotencyKey
    );
    /// @notice A reviewer approved (tokens burned) or rejected (tokens returned) a queued withdrawal.
    /// @param id Withdrawal id.
    /// @param approved True when approved.
    /// @param reviewer The reviewer.
    event WithdrawalReviewed(uint256 indexed id, bool approved, address indexed reviewer);

    /// @param admin Governance address (DEFAULT_ADMIN_ROLE).
    /// @param treasurySigner Operations service signer (TREASURY_SIGNER_ROLE).
    /// @param reconciler Reconciliation job (RECONCILER_ROLE).
    /// @param reviewer Withdrawal reviewer (REVIEWER_ROLE).
    constructor(address admin, address treasurySigner, address reconciler, address reviewer) SpaceAccess(admin) {
        if (treasurySigner == address(0) || reconciler == address(0) || reviewer == address(0)) revert ZeroAddress();
        _grantRole(TREASURY_SIGNER_ROLE, treasurySigner);
        _grantRole(RECONCILER_ROLE, reconciler);
        _grantRole(REVIEWER_ROLE, reviewer);
    }

    /// @notice Deploys a fiat stablecoin with 18 decimals (e.g. "SPACE OS USD", "USD.s"). Admin only.
    /// @param name ERC-20 name.
    /// @param symbol ERC-20 symbol; unique within the factory.
    /// @return token The new token.
    function createStablecoin(string calldata name, string calldata symbol)
        external
        onlyRole(DEFAULT_ADMIN_ROLE)
        returns (address token)
    {
        if (tokenBySymbol[symbol] != address(0)) revert SymbolTaken(symbol);
        token = address(new SpaceStablecoin(name, symbol, uint8(SpaceParameters.USD_EVM_DECIMALS)));
        stablecoins.push(token);
        tokenBySymbol[symbol] = token;
        stablecoinInfo[token].registered = true;
        emit StablecoinCreated(token, symbol);
    }

    /// @notice Lets `minter` (the BridgeTokenFactory) mint and burn `token`, so it can cross the native bridge.
    ///         Admin only.
    /// @param token The stablecoin.
    /// @param minter The address to allow or disallow.
    /// @param allowed The new permission.
    function setBridgeMinter(address token, address minter, bool allowed) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _info(token);
        if (minter == address(0)) revert ZeroAddress();
        SpaceStablecoin(token).setMinter(minter, allowed);
    }

    /// @notice Mints `amount` to `to` against fiat received. Treasury signer only; not while paused or while minting
    ///         of `token` is auto-paused; each idempotency key once.
    /// @param token The stablecoin.
    /// @param to Recipient.
    /// @param amount Amount in token units.
    /// @param idempotencyKey Unique key of the fiat deposit (e.g. the payment id).
    function mint(address token, address to, uint256 amount, bytes32 idempotencyKey)
        external
        onlyRole(TREASURY_SIGNER_ROLE)
        whenNotPaused
    {
        Stablecoin storage info = _info(token);
        if (info.mintPaused) revert MintingPaused(token);
        if (to == address(0)) revert ZeroAddress();
        if (amount == 0) revert ZeroAmount();
        _useKey(idempotencyKey);
        SpaceStablecoin(token).mint(to, amount);
        _log(idempotencyKey, token, Operation.Mint, to, amount);
    }

    /// @notice Redeems `amount` of `account`'s tokens for fiat (a treasury outflow). The holder consents by approving
    ///         this contract. Within the limits ($500 single, $5,000 per UTC day) the tokens are burned now; over
    ///         either limit they are escrowed here and queued for review. Treasury signer only.
    /// @param token The stablecoin.
    /// @param account Holder redeeming.
    /// @param amount Amount in token units.
    /// @param idempotencyKey Unique key of the payout.
    /// @return queuedId 0 when burned now, else the id of the queued withdrawal.
    function redeem(address token, address account, uint256 amount, bytes32 idempotencyKey)
        external
        onlyRole(TREASURY_SIGNER_ROLE)
        whenNotPaused
        returns (uint256 queuedId)
    {
        Stablecoin storage info = _info(token);
        if (account == address(0)) revert ZeroAddress();
        if (amount == 0) revert ZeroAmount();
        _useKey(idempotencyKey);
        // The holder's allowance to this contract is its consent; the tokens move into escrow either way.
        IERC20(token).safeTransferFrom(account, address(this), amount);
        uint256 today = block.timestamp / 1 days;
        uint256 spent = info.outflowDay == today ? info.outflowToday : 0;
        if (amount <= singleLimit() && spent + amount <= dailyLimit()) {
            info.outflowDay = today;
            info.outflowToday = spent + amount;
            SpaceStablecoin(token).burn(address(this), amount);
            _log(idempotencyKey, token, Operation.Burn, account, amount);
            return 0;
        }
        queuedId = ++withdrawalCount;
        withdrawals[queuedId] = Withdrawal({
            token: token,
            account: account,
            amount: amount,
            idempotencyKey: idempotencyKey,
            status: WithdrawalStatus.Pending
        });
        emit WithdrawalQueued(queuedId, token, account, amount, idempotencyKey);
    }

    /// @notice Approves a queued withdrawal: the escrowed tokens are burned and the fiat is paid. Reviewer only.
    /// @param id Withdrawal id.
    function approveWithdrawal(uint256 id) external onlyRole(REVIEWER_ROLE) {
        Withdrawal storage w = _pending(id);
        w.status = WithdrawalStatus.Approved;
        SpaceStablecoin(w.token).burn(address(this), w.amount);
        emit WithdrawalReviewed(id, true, msg.sender);
        _log(w.idempotencyKey, w.token, Operation.Burn, w.account, w.amount);
    }

    /// @notice Rejects a queued withdrawal: the escrowed tokens go back to the holder. Reviewer only.
    /// @param id Withdrawal id.
    function rejectWithdrawal(uint256 id) external onlyRole(REVIEWER_ROLE) {
        Withdrawal storage w = _pending(id);
        w.status = WithdrawalStatus.Rejected;
        IERC20(w.token).safeTransfer(w.account, w.amount);
        emit WithdrawalReviewed(id, false, msg.sender);
    }

    /// @notice Records a reconciliation: fiat `reserves` against `totalSupply()`. A deficit over 1% of the supply
    ///         pauses minting of `token` until governance resumes it. Reconciler only.
    /// @param token The stablecoin.
    /// @param reserves Bank/Stripe/Wise balance backing the token, in token units.
    /// @param reportHash Hash of the off-chain report.
    function attestReserves(address token, uint256 reserves, bytes32 reportHash) external onlyRole(RECONCILER_ROLE) {
        Stablecoin storage info = _info(token);
        uint256 supply = IERC20(token).totalSupply();
        uint256 deficit = supply > reserves ? supply - reserves : 0;
        info.lastReserves = reserves;
        info.lastSupply = supply;
        info.lastAttestedAt = block.timestamp;
        if (_overDeficit(deficit, supply) && !info.mintPaused) {
            info.mintPaused = true;
            emit MintingAutoPaused(token);
        }
        emit ReservesAttested(token, reserves, supply, deficit, info.mintPaused, reportHash);
    }

    /// @notice Resumes minting of `token` after an attestation that shows a deficit of at most 1%. Admin only.
    /// @param token The stablecoin.
    function resumeMinting(address token) external onlyRole(DEFAULT_ADMIN_ROLE) {
        Stablecoin storage info = _info(token);
        uint256 supply = info.lastSupply;
        uint256 reserves = info.lastReserves;
        uint256 deficit = supply > reserves ? supply - reserves : 0;
        if (info.lastAttestedAt == 0 || _overDeficit(deficit, supply)) revert ReserveDeficit(token, reserves, supply);
        info.mintPaused = false;
        emit MintingResumed(token);
    }

    /// @notice Stops all minting and redemptions (emergency). Admin only.
    function pause() external onlyRole(DEFAULT_ADMIN_ROLE) {
        _pause();
    }

    /// @notice Resumes minting and redemptions. Admin only.
    function unpause() external onlyRole(DEFAULT_ADMIN_ROLE) {
        _unpause();
    }

    /// @notice Largest redemption burned without review: $500 in token units (18 decimals).
    function singleLimit() public pure returns (uint256) {
        return SpaceParameters.TREASURY_MAX_SINGLE_TX_USD * 10 ** SpaceParameters.USD_EVM_DECIMALS;
    }

    /// @notice Largest total of redemptions burned without review per UTC day: $5,000 in token units.
    function dailyLimit() public pure returns (uint256) {
        return SpaceParameters.TREASURY_MAX_DAILY_OUTFLOW_USD * 10 ** SpaceParameters.USD_EVM_DECIMALS;
    }

    /// @notice Outflow already used today for `token` (resets at 00:00 UTC).
    /// @param token The stablecoin.
    function outflowToday(address token) external view returns (uint256) {
        Stablecoin storage info = _info(token);
        return info.outflowDay == block.timestamp / 1 days ? info.outflowToday : 0;
    }

    /// @notice Whether minting of `token` is auto-paused.
    /// @param token The stablecoin.
    function mintPaused(address token) external view returns (bool) {
        return _info(token).mintPaused;
    }

    /// @notice Number of stablecoins issued.
    function stablecoinCount() external view returns (uint256) {
        return stablecoins.length;
    }

    function _overDeficit(uint256 deficit, uint256 supply) private pure returns (bool) {
        return deficit * SpaceParameters.BPS_DENOMINATOR > supply * SpaceParameters.RECONCILIATION_MAX_DEFICIT_BPS;
    }

    function _info(address token) private view returns (Stablecoin storage info) {
        info = stablecoinInfo[token];
        if (!info.registered) revert UnknownStablecoin(token);
    }

    function _pending(uint256 id) private view returns (Withdrawal storage w) {
        w = withdrawals[id];
        if (w.status != WithdrawalStatus.Pending) revert WithdrawalNotPending(id);
    }

    function _useKey(bytes32 key) private {
        if (idempotencyKeyUsed[key]) revert IdempotencyKeyUsed(key);
        idempotencyKeyUsed[key] = true;
    }

    function _log(bytes32 key, address token, Operation op, address account, uint256 amount) private {
        emit MintBurnLogged(++logSequence, key, token, op, account, amount);
    }
}
