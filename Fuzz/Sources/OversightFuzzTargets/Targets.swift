/// Every fuzz target, by name. A new reader is one more line here (and a seed rule in Fuzz/seeds.py).
public enum FuzzTargets {
    public static let all: [FuzzTarget] = [
        FuzzTarget("bundle", "Oversight bundle JSON lines (BundleReader), written back and read again", BundleTarget.run),
        FuzzTarget("sfm-units", "SFM unit-relation CSV (SFMUnitFile)", SFMTargets.units),
        FuzzTarget("sfm-persons", "SFM person-posting CSV (SFMPersonFile)", SFMTargets.persons),
        FuzzTarget("acled-current", "ACLED export rows, 2023 layout (ACLEDReader, small and large chunks)", ACLEDTarget.current),
        FuzzTarget("acled-legacy", "ACLED export rows, legacy layout (ACLEDReader, small and large chunks)", ACLEDTarget.legacy),
        FuzzTarget("un-xml", "UN Security Council consolidated list XML (UNConsolidatedListReader)", ScreeningTargets.un),
        FuzzTarget("ftm", "OpenSanctions FollowTheMoney JSON lines (FollowTheMoneyReader)", ScreeningTargets.ftm),
        FuzzTarget("opensanctions-csv", "OpenSanctions targets.simple.csv (OpenSanctionsTargetsReader)", ScreeningTargets.openSanctionsCSV),
        FuzzTarget("blocklist", "custom blocklist CSV (BlocklistReader)", ScreeningTargets.blocklist),
        FuzzTarget("screening-batch", "batch screening input CSV (ScreeningBatch)", ScreeningTargets.batch),
        FuzzTarget("ca-exports", "Canada's exports CSV (CanadaExportsCSV), written back and read again", TransparencyTargets.canada),
        FuzzTarget("sipri-older", "SIPRI trade register rows, older layout (SIPRITradeRegister)", TransparencyTargets.sipriOlder),
        FuzzTarget("sipri-2026", "SIPRI trade register rows, 2026 layout (SIPRITradeRegister)", TransparencyTargets.sipriCurrent),
        FuzzTarget("application", "export application JSON (ApplicationReader)", ApplicationTarget.run),
        FuzzTarget("eu-export", "EU member-state table, CAAT export.csv layout (EUArmsExportTable)", LicensingTargets.eu),
        FuzzTarget("uk-licences", "UK licences and refusal criteria, CAAT layout (UKLicenceData; criteria after a 0x1E byte)", LicensingTargets.uk),
    ]

    public static func named(_ name: String) -> FuzzTarget? { all.first { $0.name == name } }
}
