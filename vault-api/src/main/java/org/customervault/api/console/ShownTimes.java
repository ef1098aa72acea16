package org.customervault.api.console;

import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.Locale;
import org.customervault.api.console.compliance.ConsoleTimes;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * The API's instants as the console's pages show them, for templates ({@code ${@consoleTimes.shown(token.expiresAt)}}):
 * in the server's time zone, the zone named, as {@link ConsoleTimes} writes them.
 */
@Component("consoleTimes")
public class ShownTimes {

    public String shown(Object instant) {
        return ConsoleTimes.shown(instant);
    }

    /** The server's time zone, as the console's date and time inputs read it: its id and its name. */
    public String zone() {
        ZoneId zone = ZoneId.systemDefault();
        Locale locale = LocaleContextHolder.getLocale();
        String name = zone.getDisplayName(TextStyle.FULL, locale);
        return name.equals(zone.getId()) ? zone.getId() : zone.getId() + " (" + name + ")";
    }
}
