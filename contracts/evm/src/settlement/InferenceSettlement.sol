// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.19;

import {SpacePausable} from "../common/SpacePausable.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/security/ReentrancyGuard.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SpaceParameters} from "spaceos-params/SpaceParameters.sol";
import {SpaceAccess} from "../common/SpaceAccess.sol";

/// @title InferenceSettlement
/// @notice Settles metered inference (white paper §9.5, §9.7). Users' proxy wallets hold a prepaid balance in USD.s
///         (or another accepted ERC-20) or native SPACE (`address(0)`). Each usage record charges the model price plus
///         the 1% protocol fee; the price splits provider 60 / model owner 20 / oracles 10 / treasury 10, the fee
///         goes to the treasury, and 20% of everything the treasury receives is burned — the one and only place
///         protocol fees are burned. SPACE is burned by sending it to BURN_ADDRESS; a stablecoin burn share is set
///         aside in `buybackReserve` for buy-back-and-burn. Receipt ids settle once.
/// @dev Rounding (exact, no wei lost or created): provider, model owner and oracle shares are each rounded down;
///      the treasury's price share is the remainder of the price; the fee is rounded down; the burn is rounded down
///      from (treasury share + fee); the treasury keeps the rest. So provider + modelOwner + oracles + treasury + burn
///      == price + fee == charge for every record.
///      Credits are internal balances (pull payments): recipients withdraw like any depositor, after giving notice:
///      `requestWithdrawal` then, SETTLEMENT_WITHDRAWAL_DELAY_S later, `withdraw`. The notice lets every usage record
///      served before the request settle first (records are submitted within SETTLEMENT_MAX_DELAY_S, spec/ECONOMICS.md).
///      Roles: DEFAULT_ADMIN_ROLE sets the treasury, oracle pool and accepted assets, pauses; SETTLER_ROLE settles
///      batches (the router's metering service); BUYBACK_ROLE takes the stablecoin burn share to buy back and burn.
contract InferenceSettlement is SpaceAccess, SpacePausable, ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @notice Settles usage batches.
    bytes32 public constant SETTLER_ROLE = keccak256("SETTLER_ROLE");
    /// @notice Withdraws the stablecoin burn share for buy-back-and-burn.
    bytes32 public constant BUYBACK_ROLE = keccak256("BUYBACK_ROLE");
    /// @notice Where burned SPACE goes: no key exists for it, so SPACE sent there leaves circulation for good.
    address public constant BURN_ADDRESS = 0x000000000000000000000000000000000000dEaD;
    /// @notice The asset id of native SPACE.
    address public constant NATIVE = address(0);

    /// @notice One metered usage record.
    struct UsageRecord {
        bytes32 receiptId;
        address payer;
        address asset;
        uint256 price;
        address provider;
        address modelOwner;
    }

    /// @notice A withdrawal announced with `requestWithdrawal`.
    struct WithdrawalRequest {
        uint256 amount;
        uint256 readyAt;
    }

    /// @notice How a charge was divided (all in the record's asset units).
    struct Split {
        uint256 charge;
        uint256 fee;
        uint256 provider;
        uint256 modelOwner;
        uint256 oracles;
        uint256 treasury;
        uint256 burn;
    }

    /// @dev Balances by account and asset (prepaid balances and earned credits alike); read with `balanceOf`.
    mapping(address => mapping(address => uint256)) private _balances;
    /// @dev Announced withdrawals by account and asset; read with `withdrawalRequestOf`.
    mapping(address => mapping(address => WithdrawalRequest)) private _withdrawals;
    /// @notice Accepted ERC-20 assets (native SPACE is always accepted).
    mapping(address => bool) public assetAccepted;
    /// @notice Receipt ids already settled.
    mapping(bytes32 => bool) public receiptSettled;
    /// @notice Total burned per asset (SPACE sent to BURN_ADDRESS, stablecoins set aside for buy-back).
    mapping(address => uint256) public totalBurned;
    /// @notice Stablecoin burn share waiting for buy-back-and-burn.
    mapping(address => uint256) public buybackReserve;
    /// @notice Receives the treasury share net of burn.
    address public treasury;
    /// @notice Receives the oracle share (the oracle network's reward pool).
    address public oraclePool;

    /// @notice The asset is not accepted.
    error AssetNotAccepted(address asset);
    /// @notice `msg.value` does not match the native amount, or value was sent with an ERC-20 deposit.
    error WrongValue(uint256 sent, uint256 expected);
    /// @notice The balance is too low.
    error InsufficientBalance(address account, address asset, uint256 needed, uint256 available);
    /// @notice The receipt id was already settled (or appears twice in the batch).
    error ReceiptAlreadySettled(bytes32 receiptId);
    /// @notice The batch is empty.
    error EmptyBatch();
    /// @notice Sending SPACE failed.
    error TransferFailed(address to, uint256 amount);
    /// @notice The withdrawal exceeds what `requestWithdrawal` announced.
    error WithdrawalNotRequested(address account, address asset, uint256 amount, uint256 requested);
    /// @notice The notice of the announced withdrawal has not passed.
    error WithdrawalNotReady(address account, address asset, uint256 readyAt);
    /// @notice `records` and `devices` differ in length.
    error DeviceCountMismatch(uint256 records, uint256 devices);
    /// @notice A record names no device (the empty Antelope name, 0).
    error EmptyDevice(bytes32 receiptId);

    /// @notice A prepaid deposit.
    /// @param account Credited account (the user's proxy wallet).
    /// @param asset Asset (address(0) = SPACE).
    /// @param amount Amount deposited.
    /// @param from Who paid.
    event Deposited(address indexed account, address indexed asset, uint256 amount, address from);
    /// @notice A withdrawal of balance or credits.
    /// @param account The account.
    /// @param asset Asset.
    /// @param amount Amount withdrawn.
    event Withdrawn(address indexed account, address indexed asset, uint256 amount);
    /// @notice One usage record was settled.
    /// @param receiptId Unique receipt id.
    /// @param payer Charged proxy wallet.
    /// @param asset Asset charged.
    /// @param provider Provider credited.
    /// @param modelOwner Model owner credited.
    /// @param split Exact division of the charge.
    event UsageSettled(
        bytes32 indexed receiptId,
        address indexed payer,
        address indexed asset,
        address provider,
        address modelOwner,
        Split split
    );
    /// @notice A withdrawal was announced (amount 0 cancels one).
    /// @param account The account.
    /// @param asset Asset.
    /// @param amount Amount that may be withdrawn from `readyAt` on.
    /// @param readyAt When the notice has passed.
    event WithdrawalRequested(address indexed account, address indexed asset, uint256 amount, uint256 readyAt);
    /// @notice A settled record's served work was attributed to a `spaceos.prov` device (for `reportwork`).
    /// @param receiptId The record's receipt id.
    /// @param device The device's Antelope name as its 64-bit value.
    event UsageAttributed(bytes32 indexed receiptId, uint64 indexed device);
    /// @notice Fees were burned (SPACE sent to BURN_ADDRESS, or a stablecoin share set aside for buy-back).
    /// @param asset Asset.
    /// @param amount Amount burned or set aside.
    /// @param native True when SPACE left circulation now, false when set aside for buy-back-and-burn.
    event FeesBurned(address indexed asset, uint256 amount, bool native);
    /// @notice A stablecoin burn share was taken for buy-back-and-burn.
    /// @param asset Stablecoin.
    /// @param to Buy-back executor.
    /// @param amount Amount taken.
    event BuybackWithdrawn(address indexed asset, address indexed to, uint256 amount);
    /// @notice An ERC-20 was accepted or dropped.
    /// @param asset The ERC-20.
    /// @param accepted New state.
    event AssetAcceptedSet(address indexed asset, bool accepted);
    /// @notice Payees changed.
    /// @param treasury Treasury.
    /// @param oraclePool Oracle pool.
    event PayeesSet(address indexed treasury, address indexed oraclePool);

    /// @param admin Governance address (DEFAULT_ADMIN_ROLE).
    /// @param settler Metering service (SETTLER_ROLE).
    /// @param treasury_ Treasury.
    /// @param oraclePool_ Oracle reward pool.
    /// @param usdToken USD.s, accepted from the start.
    constructor(address admin, address settler, address treasury_, address oraclePool_, address usdToken)
        SpaceAccess(admin)
    {
        if (settler == address(0) || usdToken == address(0)) revert ZeroAddress();
        _grantRole(SETTLER_ROLE, settler);
        _grantRole(BUYBACK_ROLE, admin);
        _setPayees(treasury_, oraclePool_);
        assetAccepted[usdToken] = true;
        emit AssetAcceptedSet(usdToken, true);
    }

    /// @notice Credits `amount` of `asset` to `account` (a proxy wallet). For SPACE pass asset = address(0) and
    ///         send the amount as value; for an ERC-20, approve this contract first.
    /// @param account Account to credit.
    /// @param asset address(0) for SPACE, else an accepted ERC-20.
    /// @param amount Amount to deposit.
    function deposit(address account, address asset, uint256 amount) external payable nonReentrant whenNotPaused {
        if (account == address(0)) revert ZeroAddress();
        if (amount == 0) revert ZeroAmount();
        if (asset == NATIVE) {
            if (msg.value != amount) revert WrongValue(msg.value, amount);
        } else {
            if (!assetAccepted[asset]) revert AssetNotAccepted(asset);
            if (msg.value != 0) revert WrongValue(msg.value, 0);
            IERC20(asset).safeTransferFrom(msg.sender, address(this), amount);
        }
        _balances[account][asset] += amount;
        emit Deposited(account, asset, amount, msg.sender);
    }

    /// @notice Announces a withdrawal of `amount` of the caller's balance of `asset`, which `withdraw` may take from
    ///         SETTLEMENT_WITHDRAWAL_DELAY_S later. Replaces any earlier announcement of that asset (its notice
    ///         starts again); `amount` 0 cancels it. Settlement keeps charging the balance during the notice.
    /// @param asset address(0) for SPACE, else the ERC-20.
    /// @param amount Amount to announce, at most the current balance.
    /// @return readyAt When the withdrawal may be made.
    function requestWithdrawal(address asset, uint256 amount) external returns (uint256 readyAt) {
        uint256 available = _balances[msg.sender][asset];
        if (amount > available) revert InsufficientBalance(msg.sender, asset, amount, available);
        readyAt = amount == 0 ? 0 : block.timestamp + SpaceParameters.SETTLEMENT_WITHDRAWAL_DELAY_S;
        _withdrawals[msg.sender][asset] = WithdrawalRequest({amount: amount, readyAt: readyAt});
        emit WithdrawalRequested(msg.sender, asset, amount, readyAt);
    }

    /// @notice Withdraws `amount` of the caller's own balance or credits of `asset`, within a withdrawal announced
    ///         at least SETTLEMENT_WITHDRAWAL_DELAY_S ago (`requestWithdrawal`).
    /// @param asset address(0) for SPACE, else the ERC-20.
    /// @param amount Amount to withdraw.
    function withdraw(address asset, uint256 amount) external nonReentrant {
        if (amount == 0) revert ZeroAmount();
        WithdrawalRequest storage request = _withdrawals[msg.sender][asset];
        if (amount > request.amount) revert WithdrawalNotRequested(msg.sender, asset, amount, request.amount);
        if (block.timestamp < request.readyAt) revert WithdrawalNotReady(msg.sender, asset, request.readyAt);
        uint256 available = _balances[msg.sender][asset];
        if (amount > available) revert InsufficientBalance(msg.sender, asset, amount, available);
        _balances[msg.sender][asset] = available - amount;
        request.amount -= amount;
        emit Withdrawn(msg.sender, asset, amount);
        if (asset == NATIVE) _send(msg.sender, amount);
        else IERC20(asset).safeTransfer(msg.sender, amount);
    }

    /// @notice Settles a batch of usage records. Settler only. The whole batch reverts if any record is invalid,
    ///         unfunded, or has a receipt id that was already settled.
    /// @param records Usage records.
    function settleBatch(UsageRecord[] calldata records) external onlyRole(SETTLER_ROLE) nonReentrant whenNotPaused {
        uint256 n = records.length;
        if (n == 0) revert EmptyBatch();
        uint256 nativeBurn = 0;
        for (uint256 i = 0; i < n; i++) {
            uint256 burned = _settle(records[i]);
            if (records[i].asset == NATIVE) nativeBurn += burned;
        }
        if (nativeBurn > 0) _send(BURN_ADDRESS, nativeBurn);
    }

    /// @notice Settles a batch of usage records like `settleBatch` and attributes each record's served work to the
    ///         `spaceos.prov` device that served it (`UsageAttributed`), which is what `reportwork` counts. Settler
    ///         only. The whole batch reverts if any record is invalid, unfunded, already settled or names no device.
    /// @param records Usage records.
    /// @param devices For each record, the serving device's Antelope name as its 64-bit value.
    function settleBatchWithDevices(UsageRecord[] calldata records, uint64[] calldata devices)
        external
        onlyRole(SETTLER_ROLE)
        nonReentrant
        whenNotPaused
    {
        uint256 n = records.length;
        if (n == 0) revert EmptyBatch();
        if (devices.length != n) revert DeviceCountMismatch(n, devices.length);
        uint256 nativeBurn = 0;
        for (uint256 i = 0; i < n; i++) {
            if (devices[i] == 0) revert EmptyDevice(records[i].receiptId);
            uint256 burned = _settle(records[i]);
            if (records[i].asset == NATIVE) nativeBurn += burned;
            emit UsageAttributed(records[i].receiptId, devices[i]);
        }
        if (nativeBurn > 0) _send(BURN_ADDRESS, nativeBurn);
    }

    /// @notice Takes `amount` of the stablecoin burn share to buy SPACE back and burn it. Buy-back role only.
    /// @param asset Stablecoin.
    /// @param to Buy-back executor.
    /// @param amount Amount to take.
    function withdrawBuyback(address asset, address to, uint256 amount) external onlyRole(BUYBACK_ROLE) nonReentrant {
        if (to == address(0)) revert ZeroAddress();
        if (amount == 0) revert ZeroAmount();
        uint256 available = buybackReserve[asset];
        if (amount > available) revert InsufficientBalance(address(this), asset, amount, available);
        buybackReserve[asset] = available - amount;
        IERC20(asset).safeTransfer(to, amount);
        emit BuybackWithdrawn(asset, to, amount);
    }

    /// @notice Accepts or drops an ERC-20 as a prepaid asset. Admin only.
    /// @param asset The ERC-20.
    /// @param accepted New state.
    function setAssetAccepted(address asset, bool accepted) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (asset == address(0)) revert ZeroAddress();
        assetAccepted[asset] = accepted;
        emit AssetAcceptedSet(asset, accepted);
    }

    /// @notice Sets the treasury and oracle pool. Admin only.
    /// @param treasury_ Treasury.
    /// @param oraclePool_ Oracle reward pool.
    function setPayees(address treasury_, address oraclePool_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setPayees(treasury_, oraclePool_);
    }

    /// @notice Stops deposits and settlement (withdrawals stay open). Admin only.
    function pause() external onlyRole(DEFAULT_ADMIN_ROLE) {
        _pause();
    }

    /// @notice Resumes deposits and settlement. Admin only.
    function unpause() external onlyRole(DEFAULT_ADMIN_ROLE) {
        _unpause();
    }

    /// @notice The balance (prepaid or earned) of `account` in `asset`.
    /// @param account The account (a proxy wallet, a payee …).
    /// @param asset address(0) for SPACE, else the ERC-20.
    function balanceOf(address account, address asset) external view returns (uint256) {
        return _balances[account][asset];
    }

    /// @notice The withdrawal `account` announced for `asset` (amount 0 when none).
    /// @param account The account.
    /// @param asset address(0) for SPACE, else the ERC-20.
    /// @return amount Amount that may be withdrawn from `readyAt` on.
    /// @return readyAt When the notice has passed.
    function withdrawalRequestOf(address account, address asset)
        external
        view
        returns (uint256 amount, uint256 readyAt)
    {
        WithdrawalRequest storage request = _withdrawals[account][asset];
        return (request.amount, request.readyAt);
    }

    /// @notice How a record with model price `price` is charged and divided (see the rounding rule above).
    /// @param price Model price in asset units.
    function quote(uint256 price) public pure returns (Split memory s) {
        uint256 bps = SpaceParameters.BPS_DENOMINATOR;
        s.fee = (price * SpaceParameters.PROTOCOL_FEE_BPS) / bps;
        s.charge = price + s.fee;
        s.provider = (price * SpaceParameters.SPLIT_PROVIDER_BPS) / bps;
        s.modelOwner = (price * SpaceParameters.SPLIT_MODEL_OWNER_BPS) / bps;
        s.oracles = (price * SpaceParameters.SPLIT_ORACLES_BPS) / bps;
        uint256 treasuryGross = price - s.provider - s.modelOwner - s.oracles + s.fee;
        s.burn = (treasuryGross * SpaceParameters.TREASURY_BURN_BPS) / bps;
        s.treasury = treasuryGross - s.burn;
    }

    function _settle(UsageRecord calldata r) private returns (uint256) {
        if (receiptSettled[r.receiptId]) revert ReceiptAlreadySettled(r.receiptId);
        if (r.asset != NATIVE && !assetAccepted[r.asset]) revert AssetNotAccepted(r.asset);
        if (r.payer == address(0) || r.provider == address(0) || r.modelOwner == address(0)) revert ZeroAddress();
        if (r.price == 0) revert ZeroAmount();
        receiptSettled[r.receiptId] = true;
        Split memory s = quote(r.price);
        uint256 available = _balances[r.payer][r.asset];
        if (s.charge > available) revert InsufficientBalance(r.payer, r.asset, s.charge, available);
        _balances[r.payer][r.asset] = available - s.charge;
        _balances[r.provider][r.asset] += s.provider;
        _balances[r.modelOwner][r.asset] += s.modelOwner;
        _balances[oraclePool][r.asset] += s.oracles;
        _balances[treasury][r.asset] += s.treasury;
        totalBurned[r.asset] += s.burn;
        if (r.asset != NATIVE) buybackReserve[r.asset] += s.burn;
        emit UsageSettled(r.receiptId, r.payer, r.asset, r.provider, r.modelOwner, s);
        if (s.burn > 0) emit FeesBurned(r.asset, s.burn, r.asset == NATIVE);
        return s.burn;
    }

    function _setPayees(address treasury_, address oraclePool_) private {
        if (treasury_ == address(0) || oraclePool_ == address(0)) revert ZeroAddress();
        treasury = treasury_;
        oraclePool = oraclePool_;
        emit PayeesSet(treasury_, oraclePool_);
    }

    function _send(address to, uint256 amount) private {
        (bool ok,) = payable(to).call{value: amount}("");
        if (!ok) revert TransferFailed(to, amount);
    }
}
