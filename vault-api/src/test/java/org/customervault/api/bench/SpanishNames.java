package org.customervault.api.bench;

import java.util.List;
import java.util.Random;

/**
 * Full names as Spanish and Latin American customers have them: a given name (now and then two, as in
 * María José or José Luis), then the father's and the mother's first surnames. Each list is in order of
 * frequency (after Spain's and Latin America's published name statistics) and drawn from with Zipf-like
 * weights, so the common words are shared by many customers, as in a real CRM: among 100,000 of them,
 * García is in about 17,000 names and María in about 7,000, while the rarest surnames are in a few
 * hundred. The same seed gives the same names.
 */
final class SpanishNames {

    static final List<String> WOMEN = List.of("María", "Ana", "Carmen", "Laura", "Lucía", "Isabel", "Sofía", "Marta",
            "Paula", "Elena", "Valentina", "Camila", "Cristina", "Rosa", "Patricia", "Gabriela", "Daniela", "Andrea",
            "Raquel", "Sara", "Pilar", "Teresa", "Mariana", "Julia", "Victoria", "Natalia", "Silvia", "Beatriz",
            "Alejandra", "Verónica", "Mercedes", "Claudia", "Fernanda", "Antonia", "Dolores", "Rocío", "Inés",
            "Irene", "Noelia", "Lorena", "Guadalupe", "Ximena", "Florencia", "Juliana", "Catalina", "Josefina",
            "Esperanza", "Milagros", "Agustina", "Renata", "Luciana", "Emilia", "Martina", "Romina", "Yolanda",
            "Esther", "Consuelo", "Adriana", "Lourdes", "Nuria");
    static final List<String> MEN = List.of("José", "Juan", "Antonio", "Manuel", "Francisco", "Luis", "Carlos", "Javier",
            "Miguel", "Jorge", "Pedro", "Alejandro", "Diego", "Rafael", "Fernando", "Pablo", "Sergio", "Ángel", "Daniel",
            "Santiago", "Mateo", "Andrés", "Ricardo", "Eduardo", "Roberto", "Alberto", "Raúl", "Héctor", "Enrique",
            "Ramón", "Gustavo", "Martín", "Sebastián", "Tomás", "Nicolás", "Emilio", "Óscar", "Víctor", "Rubén",
            "Gabriel", "Joaquín", "Ignacio", "Esteban", "Felipe", "Hugo", "Julio", "Mario", "Agustín", "Rodrigo",
            "Gonzalo", "Benjamín", "Lucas", "Ernesto", "Arturo", "Alfonso", "Salvador", "Guillermo", "Marcos",
            "Iván", "Federico");
    static final List<String> SURNAMES = List.of("García", "Rodríguez", "González", "Fernández", "López", "Martínez",
            "Sánchez", "Pérez", "Gómez", "Martín", "Jiménez", "Hernández", "Díaz", "Ruiz", "Moreno", "Muñoz", "Álvarez",
            "Romero", "Gutiérrez", "Alonso", "Navarro", "Torres", "Domínguez", "Ramos", "Vázquez", "Ramírez", "Gil",
            "Serrano", "Morales", "Molina", "Blanco", "Suárez", "Castro", "Ortega", "Delgado", "Ortiz", "Marín",
            "Rubio", "Núñez", "Medina", "Sanz", "Castillo", "Iglesias", "Cortés", "Garrido", "Santos", "Guerrero",
            "Lozano", "Cano", "Cruz", "Méndez", "Flores", "Prieto", "Herrera", "Peña", "León", "Márquez", "Cabrera",
            "Gallego", "Calvo", "Vidal", "Campos", "Reyes", "Vega", "Fuentes", "Carrasco", "Diez", "Aguilar", "Caballero",
            "Nieto", "Santana", "Vargas", "Pascual", "Giménez", "Herrero", "Hidalgo", "Montero", "Lorenzo", "Santiago",
            "Benítez", "Durán", "Ibáñez", "Arias", "Mora", "Ferrer", "Carmona", "Vicente", "Rojas", "Soto", "Crespo",
            "Román", "Pastor", "Velasco", "Parra", "Sáez", "Moya", "Bravo", "Rivera", "Gallardo", "Soler", "Acosta",
            "Sosa", "Pereyra", "Aguirre", "Ríos", "Godoy", "Quiroga", "Ledesma", "Peralta", "Ojeda", "Figueroa",
            "Villalba", "Paz", "Salazar", "Mendoza", "Espinoza", "Valenzuela", "Zúñiga", "Contreras", "Carrizo");
    /** The chance that a customer has two given names. */
    private static final double SECOND_GIVEN_NAME = 0.15;

    private final Random random;
    private final double[] women;
    private final double[] men;
    private final double[] surnames;

    SpanishNames(long seed) {
        this.random = new Random(seed);
        this.women = cumulative(WOMEN.size(), 0.9);
        this.men = cumulative(MEN.size(), 0.9);
        this.surnames = cumulative(SURNAMES.size(), 0.7);
    }

    String next() {
        List<String> given = random.nextBoolean() ? WOMEN : MEN;
        double[] weights = given == WOMEN ? women : men;
        StringBuilder name = new StringBuilder(pick(given, weights));
        if (random.nextDouble() < SECOND_GIVEN_NAME) {
            String second = pick(given, weights);
            if (!name.toString().equals(second)) {
                name.append(' ').append(second);
            }
        }
        String father = pick(SURNAMES, surnames);
        String mother = pick(SURNAMES, surnames);
        return name.append(' ').append(father).append(' ').append(mother).toString();
    }

    private String pick(List<String> names, double[] cumulative) {
        double at = random.nextDouble();
        int low = 0;
        int high = cumulative.length - 1;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (cumulative[middle] < at) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return names.get(low);
    }

    /** Zipf's weights 1/rank^exponent, as a cumulative distribution. */
    private static double[] cumulative(int size, double exponent) {
        double[] cumulative = new double[size];
        double sum = 0;
        for (int rank = 1; rank <= size; rank++) {
            sum += 1 / Math.pow(rank, exponent);
            cumulative[rank - 1] = sum;
        }
        for (int i = 0; i < size; i++) {
            cumulative[i] /= sum;
        }
        cumulative[size - 1] = 1;
        return cumulative;
    }
}
