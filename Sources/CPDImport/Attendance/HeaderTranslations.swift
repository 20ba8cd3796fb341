/// Header names and values of Zoom's and Teams' reports when the organiser's account is set to
/// German, French, Spanish or Welsh (Teams has a Welsh interface; Zoom has none). Compared as
/// `HeaderMap` compares headers: case, accents kept, punctuation and spaces ignored. Where each
/// comes from is in docs/attendance-formats.md.
enum HeaderTranslations {
    // Zoom meeting "Participants" report.
    static let zoomName = ["Name (ursprünglicher Name)", "Nom (nom original)", "Nombre (nombre original)"]
    static let zoomEmail = [
        "E-Mail-Adresse des Benutzers", "E-Mail des Benutzers", "E-mail de l'utilisateur", "Courriel de l'utilisateur",
        "Correo electrónico del usuario",
    ]
    static let zoomJoin = ["Beitrittszeit", "Heure d'arrivée", "Heure de connexion", "Hora de entrada", "Hora de ingreso"]
    static let zoomLeave = ["Austrittszeit", "Heure de départ", "Heure de déconnexion", "Hora de salida"]
    static let zoomGuest = ["Gast", "Invité", "Invitado"]

    // Teams attendance reports.
    static let teamsName = ["Vollständiger Name", "Nom complet", "Nombre completo", "Enw llawn", "Enw"]
    static let teamsJoin = [
        "Beitrittszeit", "Zeitpunkt des Beitritts", "Heure d'arrivée", "Hora de unión", "Hora de entrada", "Amser ymuno",
    ]
    static let teamsLeave = ["Zeitpunkt des Verlassens", "Austrittszeit", "Heure de départ", "Hora de salida", "Amser gadael"]
    static let teamsFirstJoin = ["Erster Beitritt", "Première arrivée", "Primera unión", "Ymuno cyntaf"]
    static let teamsDuration = ["Dauer", "Durée", "Duración", "Hyd"]
    static let teamsEmail = ["E-Mail", "E-Mail-Adresse", "Adresse e-mail", "Courrier", "Correo electrónico", "E-bost", "Cyfeiriad e-bost"]
    static let teamsRole = ["Rolle", "Rôle", "Rol", "Rôl"]
    /// The ends of the numbered section titles (`2. Teilnehmer`), lower-cased.
    static let teamsSectionTitles = [
        "zusammenfassung", "teilnehmer", "aktivitäten in der besprechung", "résumé", "activités de la réunion", "resumen",
        "participantes", "actividades de la reunión", "crynodeb", "cyfranogwyr", "gweithgareddau yn y cyfarfod",
    ]
    /// The `Role` values that mean an attendee, lower-cased.
    static let attendeeRoles: Set<String> = [
        "attendee", "teilnehmer", "teilnehmer(in)", "teilnehmende", "participant", "asistente", "mynychwr",
    ]
}

extension Column {
    /// A column under any of `names`, most usual first.
    init(_ names: [String]) {
        self.names = names
        self.keys = names.map(HeaderMap.key)
    }
}
