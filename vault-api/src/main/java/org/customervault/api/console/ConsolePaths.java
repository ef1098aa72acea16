package org.customervault.api.console;

/** Where the console's pages are. */
public final class ConsolePaths {

    public static final String CONSOLE = "/console";
    public static final String LOGIN = CONSOLE + "/login";
    public static final String LOGOUT = CONSOLE + "/logout";
    public static final String DENIED = CONSOLE + "/denied";
    public static final String ASSETS = CONSOLE + "/assets";

    private ConsolePaths() {
    }
}
