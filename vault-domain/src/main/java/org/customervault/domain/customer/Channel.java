package org.customervault.domain.customer;

/** A way of reaching or hearing from a customer. */
public enum Channel {
    EMAIL, PHONE, SMS, WHATSAPP, CHAT, WEB, POST, IN_PERSON
}
