package org.customervault.api.security;

/** What a user of the API may do; see the role table in the API contract. */
public enum Role {
    /** CRM work: register, rectify, record, read (national id masked). */
    AGENT,
    /** History, export, erasure, restriction, ledgers. */
    COMPLIANCE,
    /** Everything, and operations. */
    ADMIN
}
