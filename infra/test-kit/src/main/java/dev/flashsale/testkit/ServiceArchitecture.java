package dev.flashsale.testkit;

import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The rules every service keeps. A service runs them with
 * <pre>
 * &#64;AnalyzeClasses(packages = "dev.flashsale.balance", importOptions = ImportOption.DoNotIncludeTests.class)
 * class ArchitectureTest {
 *     &#64;ArchTest
 *     static final ArchTests rules = ArchTests.in(ServiceArchitecture.class);
 * }
 * </pre>
 */
public final class ServiceArchitecture {

    /** The shared libraries under infra/ that any service may use. */
    private static final String[] SHARED = {
            "dev.flashsale.contracts..", "dev.flashsale.messaging..", "dev.flashsale.web..",
            "dev.flashsale.testkit..", "dev.flashsale.embedded.."};

    @ArchTest
    public static final ArchRule servicesDoNotUseEachOthersCode = slices()
            .matching("dev.flashsale.(*)..")
            .namingSlices("service $1")
            .should().notDependOnEachOther()
            .ignoreDependency(alwaysTrue(), resideInAnyPackage(SHARED))
            .because("services talk only through HTTP and Kafka; shared code lives under infra/");

    @ArchTest
    public static final ArchRule domainIsPlainJava = noClasses()
            .that().resideInAPackage("..domain..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.springframework..", "org.apache.kafka..", "jakarta.servlet..", "tools.jackson..",
                    "dev.flashsale.messaging..", "dev.flashsale.web..",
                    // The service's own layers only: "..persistence.." would also match jakarta.persistence,
                    // and JPA annotations are allowed in the domain.
                    "dev.flashsale.*.application..", "dev.flashsale.*.web..", "dev.flashsale.*.messaging..",
                    "dev.flashsale.*.persistence..")
            .because("the domain holds the rules; frameworks and transports stay outside it");

    @ArchTest
    public static final ArchRule controllersLiveInWeb = noClasses()
            .that().areAnnotatedWith("org.springframework.web.bind.annotation.RestController")
            .should().resideOutsideOfPackage("..web..")
            .because("a reader finds every endpoint of a service in its web package");

    @ArchTest
    public static final ArchRule kafkaListenersLiveInMessaging = noClasses()
            .that().resideOutsideOfPackage("..messaging..")
            .should().dependOnClassesThat().haveFullyQualifiedName("org.springframework.kafka.annotation.KafkaListener")
            .because("a reader finds every consumer of a service in its messaging package");

    @ArchTest
    public static final ArchRule noFieldInjection = noFields()
            .should().beAnnotatedWith("org.springframework.beans.factory.annotation.Autowired")
            .because("dependencies arrive through the constructor");

    @ArchTest
    public static final ArchRule configurationPropertiesAreDescribed = classes()
            .that().areAnnotatedWith("org.springframework.boot.context.properties.ConfigurationProperties")
            .should(ConfigurationMetadata.describeThem())
            .because("spring-boot-configuration-processor (the parent pom's annotation processor path) writes every "
                    + "setting's name, type, default and description for IDEs and operators");

    private ServiceArchitecture() {
    }
}
