/// Names for the threads the arena starts, as debuggers, `top -H` and
/// thread dumps show them.
public enum ThreadName {
    /// Linux keeps at most 15 bytes of a thread's name and refuses a longer
    /// one altogether (`pthread_setname_np` fails with ERANGE, and the thread
    /// shows as unnamed): `name` cut to fit, on a character boundary.
    public static func fitting(_ name: String) -> String {
        var cut = ""
        for character in name {
            guard cut.utf8.count + character.utf8.count <= 15 else { break }
            cut.append(character)
        }
        return cut
    }
}
