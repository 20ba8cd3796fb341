import Testing

@testable import CPDImport

@Suite struct PersonNameTests {
    @Test(arguments: [
        // Zoom's "Current (Original)": the current name, which the person or host corrected.
        ("Siân Llywelyn (Siân's iPad)", "Siân Llywelyn"),
        ("Nguyễn Thị Hằng (iPhone)", "Nguyễn Thị Hằng"),
        // Pronouns are part of the name as given.
        ("Aoife Ní Bhriain (she/her)", "Aoife Ní Bhriain (she/her)"),
        // Teams' marks are not part of anyone's name.
        ("Bronwen Pryce (Guest)", "Bronwen Pryce"),
        ("Ciarán Mac Aodha (External)", "Ciarán Mac Aodha"),
        ("  王秀英  ", "王秀英"),
        ("(iPhone)", "(iPhone)"),
    ])
    func displayNamesAreResolved(shown: String, expected: String) {
        #expect(PersonName.display(shown) == expected)
    }

    @Test func theDisplayNameWinsWhenItHoldsTheRegistrationNamesInTheirOwnOrder() {
        #expect(PersonName.preferred(first: "秀英", last: "王", display: "王秀英") == "王秀英")
        #expect(PersonName.preferred(first: "Thị Hằng", last: "Nguyễn", display: "Nguyễn Thị Hằng (iPhone)") == "Nguyễn Thị Hằng")
        // A device's name loses to the registration form.
        #expect(PersonName.preferred(first: "Adébáyọ̀", last: "Ọlátúnjí", display: "Galaxy S20") == "Adébáyọ̀ Ọlátúnjí")
        #expect(PersonName.preferred(first: nil, last: nil, display: "Seán Ó Conaill") == "Seán Ó Conaill")
    }
}
