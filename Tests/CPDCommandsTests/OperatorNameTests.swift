import Testing

@testable import CPDCommands

/// Who a change is recorded as by: `--operator`, else the login name, never a blank.
@Suite struct OperatorNameTests {
    @Test func theGivenNameComesFirstThenUSERThenLOGNAME() {
        let environment = ["USER": "ffion", "LOGNAME": "ffion-login"]
        #expect(LedgerInput.operatorName("Mared Ifans", environment: environment) == "Mared Ifans")
        #expect(LedgerInput.operatorName(nil, environment: environment) == "ffion")
        #expect(LedgerInput.operatorName(nil, environment: ["LOGNAME": "Łucja"]) == "Łucja")
        #expect(LedgerInput.operatorName(nil, environment: [:]) == "unknown")
    }

    @Test func aBlankNameCountsAsNotGiven() {
        #expect(LedgerInput.operatorName("", environment: ["USER": "ffion"]) == "ffion")
        #expect(LedgerInput.operatorName("  \t", environment: ["USER": " ", "LOGNAME": "nguyen"]) == "nguyen")
        #expect(LedgerInput.operatorName(" ", environment: [:]) == "unknown")
        #expect(LedgerInput.operatorName("  Dafydd ap Gruffudd ", environment: [:]) == "Dafydd ap Gruffudd")
    }
}
