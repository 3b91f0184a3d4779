// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.19;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {Test} from "forge-std/Test.sol";
import {SpaceParameters} from "spaceos-params/SpaceParameters.sol";
import {Bytecode} from "./utils/Bytecode.sol";

contract ToolchainToken is ERC20 {
    constructor() ERC20("Toolchain", "TC") {
        _mint(msg.sender, SpaceParameters.FAUCET_AMOUNT_WEI);
    }
}

/// Toolchain sanity: the remappings resolve, and the compiler emits no PUSH0 (evm_version paris, white paper §7.2).
contract ToolchainTest is Test {
    function test_generatedParametersAreImportable() public {
        ToolchainToken t = new ToolchainToken();
        assertEq(t.totalSupply(), SpaceParameters.FAUCET_AMOUNT_WEI);
        assertEq(SpaceParameters.EVM_HARDFORK, "paris");
    }

    function test_compiledCodeHasNoPush0() public {
        ToolchainToken t = new ToolchainToken();
        assertFalse(Bytecode.containsOpcode(address(t).code, 0x5f), "PUSH0 (0x5f) found in runtime code");
    }

    function test_bytecodeScannerFindsPush0WhenPresent() public pure {
        // PUSH1 0x5f (data, not an opcode) then PUSH0: only the second is an opcode.
        bytes memory withPush0 = hex"605f5f00";
        bytes memory dataOnly = hex"605f00";
        assertTrue(Bytecode.containsOpcode(bytes.concat(withPush0, hex"0000"), 0x5f));
        assertFalse(Bytecode.containsOpcode(bytes.concat(dataOnly, hex"0000"), 0x5f));
    }
}
