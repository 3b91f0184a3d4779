// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.19;

import {SpaceAccess} from "../common/SpaceAccess.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/security/ReentrancyGuard.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {SpaceIdentityRegistry} from "./SpaceIdentityRegistry.sol";

/// @title SpaceRWAToken — a compliant tokenised real-world asset (white paper §10.3)
/// @notice An ERC-20 whose every move (transfer, mint, burn) is checked against `SpaceIdentityRegistry`: only verified
///         investors may send or receive. The transfer agent executes court orders (forced transfer, forced burn) with a
///         reference in the event. Holders receive pro-rata dividends in a stablecoin, and the issuer keeps a versioned
///         registry of IPFS CIDs (prospectus, deeds, audits).
/// @dev Dividends use a magnified dividend-per-share accumulator (MAGNITUDE = 2**128), so a distribution is O(1).
///      Each distribution adds `(amount * MAGNITUDE + remainder) / totalSupply` per share and carries the remainder to
///      the next one, so nothing is lost in the accumulator; per-account corrections keep accrued dividends with the
///      account across transfers, mints and burns. An account's claimable amount is rounded down to the token unit,
///      so the sum claimed never exceeds the sum distributed; the dust left is below one unit per account.
///      Bound: every move computes `magnifiedDividendPerShare * amount` as an int256. A distribution of D units over a
///      supply of S raises the accumulator by about D * 2**128 / S, so later moves must stay below about 2**127 * S / D
///      units (e.g. D = 10**24 over S = 10**18 still allows moves of 10**32); beyond that a move reverts (checked math).
///      Claiming dividends requires the holder to be verified at claim time (accrued dividends wait for re-verification).
///      A forced transfer may move tokens away from a no-longer-verified holder, but never to one.
contract SpaceRWAToken is ERC20, SpaceAccess, ReentrancyGuard {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;
    using SafeCast for int256;

    /// @notice Asset classes of §10.3.
    enum AssetClass {
        RealEstate,
        Commodities,
        Securities,
        Art
    }

    /// @notice One version of a registered document.
    /// @param cid The IPFS CID.
    /// @param timestamp When this version was registered.
    struct Document {
        string cid;
        uint64 timestamp;
    }

    /// @notice Role that mints, distributes dividends and maintains the document registry.
    bytes32 public constant ISSUER_ROLE = keccak256("ISSUER_ROLE");
    /// @notice Role of the transfer agent that executes court orders (forced transfer and burn).
    bytes32 public constant TRANSFER_AGENT_ROLE = keccak256("TRANSFER_AGENT_ROLE");
    /// @notice Fixed-point scale of the dividend-per-share accumulator.
    uint256 public constant MAGNITUDE = 2 ** 128;
    /// @notice Longest accepted CID in bytes (a CIDv1 in base32 with a sha2-256 multihash is 59 characters).
    uint256 public constant MAX_CID_LENGTH = 128;

    /// @notice The KYC registry checked on every move.
    SpaceIdentityRegistry public immutable identityRegistry;
    /// @notice The stablecoin dividends are paid in.
    IERC20 public immutable dividendToken;
    /// @notice The asset class.
    AssetClass public immutable assetClass;
    uint8 private immutable _decimals;

    /// @notice Dividend per share, times MAGNITUDE.
    uint256 public magnifiedDividendPerShare;
    /// @notice Magnified amount not yet spread over the shares (carried into the next distribution).
    uint256 public magnifiedDividendRemainder;
    /// @notice Sum of all dividends distributed.
    uint256 public totalDividendsDistributed;
    /// @notice Sum of all dividends claimed.
    uint256 public totalDividendsClaimed;
    mapping(address account => int256) private _magnifiedCorrections;
    mapping(address account => uint256) private _withdrawnDividends;

    bytes32[] private _documentNames;
    mapping(bytes32 name => Document[]) private _documents;

    bool private _forcing;

    /// @notice The address is not verified in the identity registry.
    error RWANotVerified(address account);
    /// @notice A court-order reference is required.
    error RWAEmptyReference();
    /// @notice Dividends cannot be distributed while no shares exist.
    error RWANoSupply();
    /// @notice There is nothing to claim.
    error RWANothingToClaim();
    /// @notice The document name is empty.
    error RWAInvalidDocumentName();
    /// @notice The CID is empty or longer than MAX_CID_LENGTH.
    error RWAInvalidCid();
    /// @notice No document (version) under this name.
    error RWADocumentNotFound(bytes32 name, uint256 version);
    /// @notice The dividend token moved a different amount than requested.
    error RWATransferAmountMismatch(uint256 expected, uint256 received);

    /// @notice The transfer agent moved tokens by court order.
    /// @param from The holder the tokens were taken from.
    /// @param to The verified recipient.
    /// @param amount The amount.
    /// @param courtOrder The court order or case reference.
    /// @param agent The transfer agent.
    event ForcedTransfer(address indexed from, address indexed to, uint256 amount, string courtOrder, address agent);
    /// @notice The transfer agent burned tokens by court order or redemption.
    /// @param from The holder.
    /// @param amount The amount.
    /// @param courtOrder The court order or redemption reference.
    /// @param agent The transfer agent.
    event ForcedBurn(address indexed from, uint256 amount, string courtOrder, address agent);
    /// @notice Dividends were distributed pro rata to all holders.
    /// @param distributor Who paid them.
    /// @param amount The amount of `dividendToken`.
    /// @param magnifiedDividendPerShare The accumulator after the distribution.
    event DividendsDistributed(address indexed distributor, uint256 amount, uint256 magnifiedDividendPerShare);
    /// @notice A holder claimed dividends.
    /// @param account The holder.
    /// @param amount The amount paid.
    event DividendClaimed(address indexed account, uint256 amount);
    /// @notice A document version was registered.
    /// @param name The document name, e.g. "prospectus".
    /// @param version The version number (0-based).
    /// @param cid The IPFS CID.
    event DocumentUpdated(bytes32 indexed name, uint256 indexed version, string cid);

    /// @notice Deploys an RWA token (normally through `SpaceRWAFactory`).
    /// @param name_ ERC-20 name.
    /// @param symbol_ ERC-20 symbol.
    /// @param decimals_ ERC-20 decimals (0 for indivisible shares).
    /// @param assetClass_ The asset class.
    /// @param registry The identity registry.
    /// @param dividendToken_ The stablecoin of dividends.
    /// @param admin Receives `DEFAULT_ADMIN_ROLE` and `ISSUER_ROLE`.
    /// @param transferAgent Receives `TRANSFER_AGENT_ROLE`.
    constructor(
        string memory name_,
        string memory symbol_,
        uint8 decimals_,
        AssetClass assetClass_,
        SpaceIdentityRegistry registry,
        IERC20 dividendToken_,
        address admin,
        address transferAgent
    ) ERC20(name_, symbol_) SpaceAccess(admin) {
        if (
            address(registry) == address(0) || address(dividendToken_) == address(0)
                || transferAgent == address(0)
        ) revert ZeroAddress();
        identityRegistry = registry;
        dividendToken = dividendToken_;
        assetClass = assetClass_;
        _decimals = decimals_;
        _grantRole(ISSUER_ROLE, admin);
        _grantRole(TRANSFER_AGENT_ROLE, transferAgent);
    }

    /// @notice ERC-20 decimals.
    /// @return The decimals chosen at deployment.
    function decimals() public view override returns (uint8) {
        return _decimals;
    }

    // ---------------------------------------------------------------- issuer

    /// @notice Mints `amount` to a verified investor.
    /// @param to The recipient (must be verified).
    /// @param amount The amount (> 0).
    function mint(address to, uint256 amount) external onlyRole(ISSUER_ROLE) {
        if (amount == 0) revert ZeroAmount();
        _mint(to, amount);
    }

    /// @notice Distributes `amount` of `dividendToken` pro rata to all current holders (O(1)). The caller must have
    ///         approved the amount.
    /// @param amount The dividend (> 0).
    function distributeDividends(uint256 amount) external onlyRole(ISSUER_ROLE) nonReentrant {
        if (amount == 0) revert ZeroAmount();
        uint256 supply = totalSupply();
        if (supply == 0) revert RWANoSupply();
        uint256 before = dividendToken.balanceOf(address(this));
        dividendToken.safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = dividendToken.balanceOf(address(this)) - before;
        if (received != amount) revert RWATransferAmountMismatch(amount, received);
        uint256 magnified = amount * MAGNITUDE + magnifiedDividendRemainder;
        magnifiedDividendPerShare += magnified / supply;
        magnifiedDividendRemainder = magnified % supply;
        totalDividendsDistributed += amount;
        emit DividendsDistributed(msg.sender, amount, magnifiedDividendPerShare);
    }

    /// @notice Registers a new version of document `name` (versions are kept; the latest is current).
    /// @param name The document name, e.g. bytes32("prospectus").
    /// @param cid The IPFS CID (1 to MAX_CID_LENGTH bytes).
    /// @return version The new version number (0-based).
    function setDocument(bytes32 name, string calldata cid) external onlyRole(ISSUER_ROLE) returns (uint256 version) {
        if (name == bytes32(0)) revert RWAInvalidDocumentName();
        uint256 length = bytes(cid).length;
        if (length == 0 || length > MAX_CID_LENGTH) revert RWAInvalidCid();
        Document[] storage versions = _documents[name];
        if (versions.length == 0) _documentNames.push(name);
        version = versions.length;
        versions.push(Document({cid: cid, timestamp: uint64(block.timestamp)}));
        emit DocumentUpdated(name, version, cid);
    }

    // ---------------------------------------------------------------- transfer agent

    /// @notice Moves `amount` from `from` to the verified `to` by court order (`from` need not be verified).
    /// @param from The holder.
    /// @param to The recipient (must be verified).
    /// @param amount The amount (> 0).
    /// @param courtOrder The court order or case reference (non-empty).
    function forcedTransfer(address from, address to, uint256 amount, string calldata courtOrder)
        external
        onlyRole(TRANSFER_AGENT_ROLE)
    {
        if (amount == 0) revert ZeroAmount();
        if (bytes(courtOrder).length == 0) revert RWAEmptyReference();
        _forcing = true;
        _transfer(from, to, amount);
        _forcing = false;
        emit ForcedTransfer(from, to, amount, courtOrder, msg.sender);
    }

    /// @notice Burns `amount` from `from` by court order or redemption (`from` need not be verified).
    /// @param from The holder.
    /// @param amount The amount (> 0).
    /// @param courtOrder The court order or redemption reference (non-empty).
    function forcedBurn(address from, uint256 amount, string calldata courtOrder)
        external
        onlyRole(TRANSFER_AGENT_ROLE)
    {
        if (amount == 0) revert ZeroAmount();
        if (bytes(courtOrder).length == 0) revert RWAEmptyReference();
        _forcing = true;
        _burn(from, amount);
        _forcing = false;
        emit ForcedBurn(from, amount, courtOrder, msg.sender);
    }

    // ---------------------------------------------------------------- holders

    /// @notice Pays the caller's accrued dividends (the caller must be verified).
    /// @return amount The amount paid.
    function claimDividend() external nonReentrant returns (uint256 amount) {
        if (!identityRegistry.isVerified(msg.sender)) revert RWANotVerified(msg.sender);
        amount = withdrawableDividendOf(msg.sender);
        if (amount == 0) revert RWANothingToClaim();
        _withdrawnDividends[msg.sender] += amount;
        totalDividendsClaimed += amount;
        dividendToken.safeTransfer(msg.sender, amount);
        emit DividendClaimed(msg.sender, amount);
    }

    // ---------------------------------------------------------------- views

    /// @notice Dividends `account` can claim now.
    /// @param account The holder.
    /// @return Accumulated minus withdrawn.
    function withdrawableDividendOf(address account) public view returns (uint256) {
        return accumulativeDividendOf(account) - _withdrawnDividends[account];
    }

    /// @notice Dividends `account` has claimed so far.
    /// @param account The holder.
    /// @return The amount.
    function withdrawnDividendOf(address account) external view returns (uint256) {
        return _withdrawnDividends[account];
    }

    /// @notice Dividends `account` has earned in total (claimed or not), rounded down.
    /// @param account The holder.
    /// @return The amount.
    function accumulativeDividendOf(address account) public view returns (uint256) {
        int256 magnified = (magnifiedDividendPerShare * balanceOf(account)).toInt256() + _magnifiedCorrections[account];
        return magnified.toUint256() / MAGNITUDE;
    }

    /// @notice Names of all registered documents, in order of first registration.
    /// @return The names.
    function documentNames() external view returns (bytes32[] memory) {
        return _documentNames;
    }

    /// @notice Number of versions of document `name`.
    /// @param name The document name.
    /// @return The count.
    function documentVersionCount(bytes32 name) external view returns (uint256) {
        return _documents[name].length;
    }

    /// @notice Version `version` of document `name`.
    /// @param name The document name.
    /// @param version The version (0-based).
    /// @return The CID and registration time.
    function documentAt(bytes32 name, uint256 version) external view returns (Document memory) {
        Document[] storage versions = _documents[name];
        if (version >= versions.length) revert RWADocumentNotFound(name, version);
        return versions[version];
    }

    /// @notice The current (latest) version of document `name`.
    /// @param name The document name.
    /// @return cid The IPFS CID.
    /// @return version The version number.
    function latestDocument(bytes32 name) external view returns (string memory cid, uint256 version) {
        Document[] storage versions = _documents[name];
        if (versions.length == 0) revert RWADocumentNotFound(name, 0);
        version = versions.length - 1;
        cid = versions[version].cid;
    }

    // ---------------------------------------------------------------- hooks

    /// @dev Compliance: every receiver must be verified; every sender too, except under a court order.
    function _beforeTokenTransfer(address from, address to, uint256) internal view override {
        if (to != address(0) && !identityRegistry.isVerified(to)) revert RWANotVerified(to);
        if (from != address(0) && !_forcing && !identityRegistry.isVerified(from)) revert RWANotVerified(from);
    }

    /// @dev Dividend corrections keep accrued dividends with the account that earned them.
    function _afterTokenTransfer(address from, address to, uint256 amount) internal override {
        int256 correction = (magnifiedDividendPerShare * amount).toInt256();
        if (from != address(0)) _magnifiedCorrections[from] += correction;
        if (to != address(0)) _magnifiedCorrections[to] -= correction;
    }
}
