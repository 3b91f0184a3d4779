// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.19;

import {Test} from "forge-std/Test.sol";
import {SpaceParameters} from "spaceos-params/SpaceParameters.sol";
import {StdInvariant} from "forge-std/StdInvariant.sol";
import {SpaceAccess} from "../../src/common/SpaceAccess.sol";
import {SpacePausable} from "../../src/common/SpacePausable.sol";
import {AntelopeName} from "../../src/bridge/AntelopeName.sol";
import {BridgeMessage} from "../../src/bridge/BridgeMessage.sol";
import {BridgeTokenFactory} from "../../src/bridge/BridgeTokenFactory.sol";
import {SpaceStablecoin} from "../../src/tokens/SpaceStablecoin.sol";

contract BridgeFixture is Test {
    address internal admin = makeAddr("admin");
    address internal authority = makeAddr("bridgeAuthority");
    address internal alice = makeAddr("alice");
    BridgeTokenFactory internal factory;
    address internal usdt;
    address internal usd;

    function setUp() public virtual {
        factory = new BridgeTokenFactory(admin, authority);
        vm.startPrank(admin);
        usdt = factory.createToken("Bridged Tether", "USDT.s", 6);
        usd = factory.createToken("SPACE OS USD (bridged)", "USD.s", 18);
        vm.stopPrank();
    }
}

contract BridgeTokenFactoryTest is BridgeFixture {
    // Solidity 0.8.19 cannot name another contract's event in `emit`; these mirror BridgeTokenFactory's.
    event BridgeMinted(bytes32 indexed depositId, address indexed token, address indexed to, uint256 amount);
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

    bytes32 internal constant DEP = keccak256("deposit-1");

    function test_constructorRejectsZeroAddresses() public {
        vm.expectRevert(SpaceAccess.ZeroAddress.selector);
        new BridgeTokenFactory(address(0), authority);
        vm.expectRevert(SpaceAccess.ZeroAddress.selector);
        new BridgeTokenFactory(admin, address(0));
    }

    function test_createTokenDeploysWithDecimalsAndRegistersIt() public view {
        assertEq(SpaceStablecoin(usdt).decimals(), 6);
        assertEq(SpaceStablecoin(usd).decimals(), 18);
        assertEq(SpaceStablecoin(usdt).symbol(), "USDT.s");
        assertEq(SpaceStablecoin(usdt).issuer(), address(factory));
        assertEq(factory.tokenBySymbol("USDT.s"), usdt);
        assertEq(factory.tokenCount(), 2);
        assertEq(factory.tokens(0), usdt);
        (bool registered, uint8 decimals,,) = factory.tokenInfo(usdt);
        assertTrue(registered);
        assertEq(decimals, 6);
    }

    function test_createTokenRevertsForNonAdminDuplicateSymbolAndOddDecimals() public {
        vm.expectRevert(
            abi.encodeWithSelector(SpaceAccess.AccessControlUnauthorized.selector, alice, factory.DEFAULT_ADMIN_ROLE())
        );
        vm.prank(alice);
        factory.createToken("x", "X.s", 6);
        vm.startPrank(admin);
        vm.expectRevert(abi.encodeWithSelector(BridgeTokenFactory.SymbolTaken.selector, "USDT.s"));
        factory.createToken("again", "USDT.s", 6);
        vm.expectRevert(abi.encodeWithSelector(BridgeTokenFactory.UnsupportedDecimals.selector, uint8(8)));
        factory.createToken("btc", "BTC.s", 8);
        vm.stopPrank();
    }

    function test_registerTokenAcceptsATokenThatLetsTheFactoryMint() public {
        vm.prank(alice);
        SpaceStablecoin ext = new SpaceStablecoin("SPACE OS EUR", "EUR.s", 18);
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(BridgeTokenFactory.FactoryNotMinter.selector, address(ext)));
        factory.registerToken(address(ext));
        vm.prank(alice);
        ext.setMinter(address(factory), true);
        vm.prank(admin);
        factory.registerToken(address(ext));
        assertEq(factory.tokenBySymbol("EUR.s"), address(ext));
        vm.prank(authority);
        factory.mint(address(ext), alice, 1 ether, DEP);
        assertEq(ext.balanceOf(alice), 1 ether);
    }

    function test_registerTokenRevertsForNonAdminZeroAndDuplicate() public {
        vm.expectRevert(
            abi.encodeWithSelector(SpaceAccess.AccessControlUnauthorized.selector, alice, factory.DEFAULT_ADMIN_ROLE())
        );
        vm.prank(alice);
        factory.registerToken(usdt);
        vm.startPrank(admin);
        vm.expectRevert(SpaceAccess.ZeroAddress.selector);
        factory.registerToken(address(0));
        vm.expectRevert(abi.encodeWithSelector(BridgeTokenFactory.SymbolTaken.selector, "USDT.s"));
        factory.registerToken(usdt);
        vm.stopPrank();
    }

    function test_mintCreditsRecipientAndCountsMinted() public {
        vm.expectEmit(true, true, true, true, address(factory));
        emit BridgeMinted(DEP, usdt, alice, 5e6);
        vm.prank(authority);
        factory.mint(usdt, alice, 5e6, DEP);
        assertEq(SpaceStablecoin(usdt).balanceOf(alice), 5e6);
        assertEq(factory.bridgedSupply(usdt), 5e6);
        assertTrue(factory.depositProcessed(DEP));
    }

    function test_mintRevertsOnEveryInvalidInput() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                SpaceAccess.AccessControlUnauthorized.selector, alice, factory.BRIDGE_AUTHORITY_ROLE()
            )
        );
        vm.prank(alice);
        factory.mint(usdt, alice, 1, DEP);
        vm.startPrank(authority);
        vm.expectRevert(abi.encodeWithSelector(BridgeTokenFactory.UnknownToken.selector, alice));
        factory.mint(alice, alice, 1, DEP);
        vm.expectRevert(SpaceAccess.ZeroAddress.selector);
        factory.mint(usdt, address(0), 1, DEP);
        vm.expectRevert(SpaceAccess.ZeroAmount.selector);
        factory.mint(usdt, alice, 0, DEP);
        factory.mint(usdt, alice, 1, DEP);
        vm.expectRevert(abi.encodeWithSelector(BridgeTokenFactory.DepositAlreadyProcessed.selector, DEP));
        factory.mint(usdt, alice, 1, DEP);
        vm.stopPrank();
    }

    function test_bridgeToNativeBurnsAndSendsBridgeMsgV0ToTheReservedAddress() public {
        vm.prank(authority);
        factory.mint(usdt, alice, 12_345_600, DEP); // 12.3456 USDT.s
        uint64 account = AntelopeName.encode("alice.user");
        bytes32 id = keccak256(abi.encode(block.chainid, address(factory), uint256(1)));
        bytes memory payload = abi.encode(
            uint8(0), uint8(1), id, uint256(1), alice, usdt, "USDT", account, uint256(12_345_600), uint64(123_456)
        );
        bytes memory expected = abi.encodeWithSignature("bridgeMsgV0(string,bool,bytes)", "spaceos.brdg", true, payload);
        vm.expectCall(factory.bridgeAddress(), 0, expected);
        vm.expectEmit(true, true, true, true, address(factory));
        emit BridgedToNative(id, alice, usdt, 1, "USDT", "alice.user", 12_345_600, 123_456, expected);
        vm.prank(alice);
        uint256 n = factory.bridgeToNative(usdt, 12_345_600, "alice.user");
        assertEq(n, 1);
        assertEq(SpaceStablecoin(usdt).balanceOf(alice), 0);
        assertEq(SpaceStablecoin(usdt).totalSupply(), 0);
        assertEq(factory.bridgedSupply(usdt), 0);
        assertEq(factory.nativeSymbol(usdt), "USDT");
        assertEq(factory.nativeSymbol(usd), "USD");
        // The call data decodes to the documented layout.
        (string memory receiver, bool atomic, bytes memory p) = _decodeCall(expected);
        assertEq(receiver, "spaceos.brdg");
        assertTrue(atomic);
        assertEq(keccak256(p), keccak256(payload));
    }

    function test_bridgeToNativeRevertsOnEveryInvalidInput() public {
        vm.prank(authority);
        factory.mint(usd, alice, 10 ether, DEP);
        vm.startPrank(alice);
        vm.expectRevert(abi.encodeWithSelector(BridgeTokenFactory.UnknownToken.selector, address(1)));
        factory.bridgeToNative(address(1), 1 ether, "alice");
        vm.expectRevert(SpaceAccess.ZeroAmount.selector);
        factory.bridgeToNative(usd, 0, "alice");
        vm.expectRevert(abi.encodeWithSelector(AntelopeName.InvalidNativeAccount.selector, "Alice"));
        factory.bridgeToNative(usd, 1 ether, "Alice");
        vm.expectRevert(abi.encodeWithSelector(AntelopeName.InvalidNativeAccount.selector, "thirteenchars"));
        factory.bridgeToNative(usd, 1 ether, "thirteenchars");
        vm.expectRevert(abi.encodeWithSelector(BridgeTokenFactory.AmountNotNativeExact.selector, 1 ether + 1, 1e14));
        factory.bridgeToNative(usd, 1 ether + 1, "alice");
        vm.expectRevert("ERC20: burn amount exceeds balance");
        factory.bridgeToNative(usd, 11 ether, "alice");
        vm.stopPrank();
    }

    function test_bridgeToNativeRevertsWhenTheNativeAmountOverflowsUint64() public {
        uint256 huge = (SpaceParameters.ANTELOPE_ASSET_MAX_AMOUNT + 1) * 1e14;
        vm.prank(authority);
        factory.mint(usd, alice, huge, DEP);
        vm.expectRevert(abi.encodeWithSelector(BridgeTokenFactory.AmountTooLarge.selector, huge));
        vm.prank(alice);
        factory.bridgeToNative(usd, huge, "alice");
    }

    function test_pauseStopsMintAndBridgeAndOnlyAdminPauses() public {
        vm.expectRevert(
            abi.encodeWithSelector(SpaceAccess.AccessControlUnauthorized.selector, alice, factory.DEFAULT_ADMIN_ROLE())
        );
        vm.prank(alice);
        factory.pause();
        vm.prank(admin);
        factory.pause();
        vm.expectRevert(SpacePausable.EnforcedPause.selector);
        vm.prank(authority);
        factory.mint(usdt, alice, 1, DEP);
        vm.expectRevert(SpacePausable.EnforcedPause.selector);
        vm.prank(alice);
        factory.bridgeToNative(usdt, 100, "alice");
        vm.expectRevert(
            abi.encodeWithSelector(SpaceAccess.AccessControlUnauthorized.selector, alice, factory.DEFAULT_ADMIN_ROLE())
        );
        vm.prank(alice);
        factory.unpause();
        vm.prank(admin);
        factory.unpause();
        vm.prank(authority);
        factory.mint(usdt, alice, 100, DEP);
    }

    function test_bridgeToNativeAcceptsTheLargestNativeAmount() public {
        uint256 max = SpaceParameters.ANTELOPE_ASSET_MAX_AMOUNT * 1e14;
        vm.prank(authority);
        factory.mint(usd, alice, max, DEP);
        vm.prank(alice);
        factory.bridgeToNative(usd, max, "alice");
        assertEq(factory.bridgedSupply(usd), 0);
    }

    function test_registeredSymbolWithoutSuffixIsKept() public {
        vm.prank(alice);
        SpaceStablecoin ext = new SpaceStablecoin("Plain", "PLAIN", 6);
        vm.prank(alice);
        ext.setMinter(address(factory), true);
        vm.prank(admin);
        factory.registerToken(address(ext));
        assertEq(factory.nativeSymbol(address(ext)), "PLAIN");
    }

    function test_bridgedSupplyRevertsForUnknownToken() public {
        vm.expectRevert(abi.encodeWithSelector(BridgeTokenFactory.UnknownToken.selector, alice));
        factory.bridgedSupply(alice);
    }

    function test_tokensRejectMintAndBurnFromStrangers() public {
        vm.expectRevert(abi.encodeWithSelector(SpaceStablecoin.StablecoinUnauthorized.selector, alice));
        vm.prank(alice);
        SpaceStablecoin(usdt).mint(alice, 1);
        vm.expectRevert(abi.encodeWithSelector(SpaceStablecoin.StablecoinUnauthorized.selector, alice));
        vm.prank(alice);
        SpaceStablecoin(usdt).burn(alice, 1);
        vm.expectRevert(abi.encodeWithSelector(SpaceStablecoin.StablecoinUnauthorized.selector, alice));
        vm.prank(alice);
        SpaceStablecoin(usdt).setMinter(alice, true);
    }

    /// Round trip: mint then bridge back any native-exact amount; supply returns to zero and the message says so.
    function testFuzz_roundTripBurnsExactlyWhatWasMinted(uint64 nativeUnits, bool sixDecimals) public {
        nativeUnits = uint64(bound(nativeUnits, 1, SpaceParameters.ANTELOPE_ASSET_MAX_AMOUNT));
        address token = sixDecimals ? usdt : usd;
        uint256 unit = sixDecimals ? 100 : 1e14;
        uint256 amount = uint256(nativeUnits) * unit;
        vm.prank(authority);
        factory.mint(token, alice, amount, keccak256(abi.encode(nativeUnits)));
        vm.recordLogs();
        vm.prank(alice);
        factory.bridgeToNative(token, amount, "alice");
        assertEq(SpaceStablecoin(token).totalSupply(), 0);
        assertEq(factory.bridgedSupply(token), 0);
        (,, uint256 minted, uint256 burned) = factory.tokenInfo(token);
        assertEq(minted, burned);
    }

    /// Amounts that are not whole native units never burn.
    function testFuzz_nonExactAmountsRevert(uint256 amount) public {
        amount = bound(amount, 1, 1e30);
        vm.assume(amount % 100 != 0);
        vm.prank(authority);
        factory.mint(usdt, alice, amount, DEP);
        vm.expectRevert(abi.encodeWithSelector(BridgeTokenFactory.AmountNotNativeExact.selector, amount, 100));
        vm.prank(alice);
        factory.bridgeToNative(usdt, amount, "alice");
    }

    function _decodeCall(bytes memory data) internal pure returns (string memory, bool, bytes memory) {
        bytes memory args = new bytes(data.length - 4);
        for (uint256 i = 0; i < args.length; i++) {
            args[i] = data[i + 4];
        }
        return abi.decode(args, (string, bool, bytes));
    }
}

/// Drives the factory with random mints and bridge-outs from several holders.
contract BridgeHandler is Test {
    BridgeTokenFactory internal factory;
    address internal authority;
    address[2] internal tokens;
    address[3] internal holders = [address(0xA11CE), address(0xB0B), address(0xCA401)];
    uint256 public depositSeq;
    bool public replayMinted;
    mapping(address => uint256) public ghostMinted;
    mapping(address => uint256) public ghostBurned;

    constructor(BridgeTokenFactory f, address auth, address t0, address t1) {
        factory = f;
        authority = auth;
        tokens = [t0, t1];
    }

    function mint(uint256 tokenSeed, uint256 holderSeed, uint256 nativeUnits) external {
        address token = tokens[tokenSeed % 2];
        uint256 unit = tokenSeed % 2 == 0 ? 100 : 1e14;
        uint256 amount = bound(nativeUnits, 1, 1e12) * unit;
        vm.prank(authority);
        factory.mint(token, holders[holderSeed % 3], amount, bytes32(++depositSeq));
        ghostMinted[token] += amount;
    }

    function bridgeOut(uint256 tokenSeed, uint256 holderSeed, uint256 fraction) external {
        address token = tokens[tokenSeed % 2];
        uint256 unit = tokenSeed % 2 == 0 ? 100 : 1e14;
        address holder = holders[holderSeed % 3];
        uint256 units = SpaceStablecoin(token).balanceOf(holder) / unit;
        if (units == 0) return;
        uint256 amount = bound(fraction, 1, units) * unit;
        vm.prank(holder);
        factory.bridgeToNative(token, amount, "holder.acct");
        ghostBurned[token] += amount;
    }

    function replayDeposit(uint256 tokenSeed) external {
        if (depositSeq == 0) return;
        vm.prank(authority);
        try factory.mint(tokens[tokenSeed % 2], holders[0], 100, bytes32(depositSeq)) {
            replayMinted = true;
        } catch {}
    }
}

contract BridgeInvariantTest is StdInvariant, BridgeFixture {
    BridgeHandler internal handler;

    function setUp() public override {
        super.setUp();
        handler = new BridgeHandler(factory, authority, usdt, usd);
        targetContract(address(handler));
    }

    /// Total bridged supply equals minted minus burned, per token, in the factory's books and in the ghost ledger.
    function invariant_bridgedSupplyEqualsMintedMinusBurned() public view {
        address[2] memory ts = [usdt, usd];
        for (uint256 i = 0; i < 2; i++) {
            (,, uint256 minted, uint256 burned) = factory.tokenInfo(ts[i]);
            assertEq(SpaceStablecoin(ts[i]).totalSupply(), minted - burned);
            assertEq(minted, handler.ghostMinted(ts[i]));
            assertEq(burned, handler.ghostBurned(ts[i]));
            assertEq(factory.bridgedSupply(ts[i]), minted - burned);
        }
        assertFalse(handler.replayMinted(), "a replayed deposit id minted");
    }
}
