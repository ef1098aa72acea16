package org.customervault.api.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.gateway.CommandGateway;

/**
 * Dependencies point inwards: api → projections → domain, api → infra → domain; and the application's
 * features (one package each under {@code org.customervault.api}) depend on each other without cycles.
 */
@AnalyzeClasses(packages = "org.customervault", importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleBoundariesTest {

    @ArchTest
    static final ArchRule domainDependsOnNoOtherModule = noClasses()
            .that().resideInAPackage("org.customervault.domain..")
            .should().dependOnClassesThat()
            .resideInAnyPackage("org.customervault.projections..", "org.customervault.infra..", "org.customervault.api..");

    @ArchTest
    static final ArchRule domainUsesNoSpring = noClasses()
            .that().resideInAPackage("org.customervault.domain..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..");

    @ArchTest
    static final ArchRule projectionsDependOnNeitherInfraNorApi = noClasses()
            .that().resideInAPackage("org.customervault.projections..")
            .should().dependOnClassesThat()
            .resideInAnyPackage("org.customervault.infra..", "org.customervault.api..", "org.springframework.boot..");

    @ArchTest
    static final ArchRule infraDependsOnNeitherProjectionsNorApi = noClasses()
            .that().resideInAPackage("org.customervault.infra..")
            .should().dependOnClassesThat()
            .resideInAnyPackage("org.customervault.projections..", "org.customervault.api..", "org.springframework.boot..");

    /**
     * A feature package that needs another's class, while that one needs a class of the first, can be
     * neither read nor changed alone: each such pair is one feature in two places. ArchUnit reads
     * bytecode, so a dependency on nothing but a compile-time constant (inlined by the compiler) escapes
     * it: config → security through {@code ActorMetadata.KEY} was one half of such a cycle.
     */
    /**
     * A command sent and forgotten fails where nobody is told but Axon's own log, which is kept
     * quiet for the refusals the API answers: every command is sent and waited for.
     */
    @ArchTest
    static final ArchRule noCommandIsSentAndForgotten = noClasses()
            .should().callMethod(CommandGateway.class, "send", Object.class)
            .orShould().callMethod(CommandGateway.class, "send", Object.class, CommandCallback.class);

    @ArchTest
    static final ArchRule applicationFeaturesAreFreeOfCycles = slices()
            .matching("org.customervault.api.(*)..")
            .should().beFreeOfCycles();
}
